import { SAMPLE_RATE } from '../audio';

/** One output delta: 100 ms of PCM16 at 24 kHz, as the service sends them. */
export const TICK_MS = 100;
export const TICK_BYTES = (SAMPLE_RATE * 2 * TICK_MS) / 1000; // 4,800

/** What the model says: audio and the words it speaks over it. */
export interface Speech {
  pcm: Buffer;
  text: string;
  /** Called once its last sample has gone out (not when it was yielded). */
  onDone?: () => void;
}

interface Playing {
  speech: Speech;
  offset: number;
  /** Timeline ms of its first sample, once it has started. */
  startMs: number | null;
  words: string[];
  nextWord: number;
}

export interface OutputSink {
  audio(delta: Buffer): void;
  transcript(delta: string, startMs: number, endMs: number): void;
  /** After each tick, with the session timeline's new end (ms). */
  tick(nowMs: number): void;
}

/**
 * The model's mouth: a clock that sends one 100 ms delta per tick for as long as the
 * session lives, speech when there is some and all-zero samples otherwise, with the output
 * transcript spread over the speech's duration and sent as its audio goes out. The session
 * timeline is this clock: tick n covers [n·100, (n+1)·100) ms.
 *
 * `speed` runs the clock faster than real time (tests); ticks are drift-corrected, and a
 * late event loop catches up by sending the missed ticks at once.
 */
export class OutputStream {
  private queue: Playing[] = [];
  private ticks = 0;
  private timer: NodeJS.Timeout | null = null;
  private baseWall = 0;
  private running = true;

  constructor(
    private readonly sink: OutputSink,
    private readonly speed = 1,
  ) {}

  /** The session timeline so far (ms). */
  get nowMs(): number {
    return this.ticks * TICK_MS;
  }

  get speaking(): boolean {
    return this.queue.length > 0;
  }

  start(): void {
    this.baseWall = Date.now();
    this.schedule();
  }

  /** Stop for good (the session is over). */
  dispose(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  speak(speech: Speech): void {
    const words = speech.text.split(/(?<= )/).filter(Boolean);
    this.queue.push({ speech, offset: 0, startMs: null, words, nextWord: 0 });
  }

  /** The model yields: what it had left to say is dropped, and the next delta is silence. */
  yieldTurn(): boolean {
    const had = this.queue.length > 0;
    this.queue = [];
    return had;
  }

  private schedule(): void {
    const interval = TICK_MS / this.speed;
    const due = this.baseWall + (this.ticks + 1) * interval;
    this.timer = setTimeout(() => this.run(), Math.max(0, due - Date.now()));
  }

  private run(): void {
    this.timer = null;
    const interval = TICK_MS / this.speed;
    for (let n = 0; n < 10 && Date.now() >= this.baseWall + (this.ticks + 1) * interval; n++) {
      if (!this.running) return;
      this.tick();
    }
    if (!this.running) return;
    // Far behind (a stalled loop): resume from now rather than flood the client.
    if (Date.now() >= this.baseWall + (this.ticks + 1) * interval) {
      this.baseWall = Date.now() - this.ticks * interval;
    }
    this.schedule();
  }

  private tick(): void {
    const tickStart = this.nowMs;
    const out = Buffer.alloc(TICK_BYTES);
    let filled = 0;
    const words: [string, number, number][] = [];
    while (filled < TICK_BYTES && this.queue.length > 0) {
      const playing = this.queue[0]!;
      playing.startMs ??= tickStart + (filled / TICK_BYTES) * TICK_MS;
      const take = Math.min(TICK_BYTES - filled, playing.speech.pcm.byteLength - playing.offset);
      playing.speech.pcm.copy(out, filled, playing.offset, playing.offset + take);
      playing.offset += take;
      filled += take;
      words.push(...this.dueWords(playing, tickStart + (filled / TICK_BYTES) * TICK_MS));
      if (playing.offset >= playing.speech.pcm.byteLength) {
        words.push(...this.dueWords(playing, Infinity));
        this.queue.shift();
        playing.speech.onDone?.();
      }
    }
    this.ticks++;
    this.sink.audio(out);
    for (const [delta, start, end] of words) this.sink.transcript(delta, start, end);
    this.sink.tick(this.nowMs);
  }

  /** The words of `playing` whose slot starts before `untilMs`, with their timeline slots. */
  private dueWords(playing: Playing, untilMs: number): [string, number, number][] {
    const durationMs = (playing.speech.pcm.byteLength / TICK_BYTES) * TICK_MS;
    const per = playing.words.length ? durationMs / playing.words.length : 0;
    const out: [string, number, number][] = [];
    while (playing.nextWord < playing.words.length) {
      const start = playing.startMs! + playing.nextWord * per;
      if (start >= untilMs) break;
      out.push([playing.words[playing.nextWord]!, Math.round(start), Math.round(start + per)]);
      playing.nextWord++;
    }
    return out;
  }
}
