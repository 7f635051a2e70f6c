/**
 * The playback worklet's logic, pure so it is tested under Node: a ring buffer with an
 * adaptive prebuffer that counts, per item, the samples that actually reached the output.
 */
import { pcm16ToFloat } from '../../../shared/audio/dsp';

export interface PlaybackProgress {
  itemId: string | null;
  /** Samples of `itemId` that were played. */
  playedSamples: number;
  bufferedSamples: number;
  underruns: number;
  playing: boolean;
}

interface Segment {
  itemId: string;
  /** Absolute write position where the item's audio starts. */
  start: number;
}

export interface PlaybackRingOptions {
  sampleRate: number;
  capacitySeconds?: number;
  minPrebufferMs?: number;
  maxPrebufferMs?: number;
  prebufferStepMs?: number;
}

let table: Float32Array | null = null;
/**
 * Every PCM16 value as pcm16ToFloat maps it (256 KiB, made once): a lookup beats the
 * sign branch, which audio makes unpredictable, on the audio thread.
 */
function pcm16Table(): Float32Array {
  if (!table) {
    const all = new Int16Array(65536);
    for (let i = 0; i < 65536; i++) all[i] = i - 32768;
    table = pcm16ToFloat(all);
  }
  return table;
}

export class PlaybackRing {
  private readonly ring: Float32Array;
  private written = 0;
  private read = 0;
  private playing = false;
  private prebuffer: number;
  private maxPrebuffer: number;
  private readonly defaultMaxPrebuffer: number;
  private readonly prebufferStep: number;
  private readonly samplesPerMs: number;
  private underruns = 0;
  private segments: Segment[] = [];
  /** After the last sample of a reply, running dry is the end, not an underrun. */
  private ended = true;
  /** Samples dropped because the ring was full (minutes of unplayed audio). */
  overflowed = 0;

  constructor(options: PlaybackRingOptions) {
    this.samplesPerMs = options.sampleRate / 1000;
    const ms = (value: number): number => Math.round(this.samplesPerMs * value);
    this.ring = new Float32Array(options.sampleRate * (options.capacitySeconds ?? 120));
    this.prebuffer = ms(options.minPrebufferMs ?? 60);
    this.maxPrebuffer = this.defaultMaxPrebuffer = ms(options.maxPrebufferMs ?? 300);
    this.prebufferStep = ms(options.prebufferStepMs ?? 40);
  }

  /**
   * Cap the prebuffer (start threshold, and how far underruns may grow it) at `maxMs`, or
   * back to the default with null. A stream paced in real time (GPT-Live) stays about one
   * chunk plus this deep, so what plays after the model yields stays short.
   */
  limitPrebuffer(maxMs: number | null): void {
    this.maxPrebuffer =
      maxMs === null ? this.defaultMaxPrebuffer : Math.round(this.samplesPerMs * maxMs);
    this.prebuffer = Math.min(this.prebuffer, this.maxPrebuffer);
  }

  get prebufferSamples(): number {
    return this.prebuffer;
  }

  /** Samples queued and not yet played (cheap: no allocation, for every render quantum). */
  get bufferedSamples(): number {
    return this.written - this.read;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  push(itemId: string, samples: Float32Array): void {
    const count = this.reserve(itemId, samples.length);
    // At most two contiguous copies (before and after the wrap), no per-sample arithmetic.
    const at = this.written % this.ring.length;
    const first = Math.min(count, this.ring.length - at);
    this.ring.set(first === samples.length ? samples : samples.subarray(0, first), at);
    if (count > first) this.ring.set(samples.subarray(first, count), 0);
    this.written += count;
  }

  /** PCM16 straight into the ring, converted on the way (no intermediate float array). */
  pushPcm16(itemId: string, samples: Int16Array): void {
    const count = this.reserve(itemId, samples.length);
    const ring = this.ring;
    const table = pcm16Table();
    for (let i = 0, w = this.written % ring.length; i < count; i++) {
      ring[w] = table[samples[i]! + 32768]!;
      if (++w === ring.length) w = 0;
    }
    this.written += count;
  }

  /** Room for `length` more samples of `itemId` (what does not fit is counted as overflow). */
  private reserve(itemId: string, length: number): number {
    const free = this.ring.length - (this.written - this.read);
    const count = Math.min(length, free);
    this.overflowed += length - count;
    const last = this.segments.at(-1);
    if (!last || last.itemId !== itemId) this.segments.push({ itemId, start: this.written });
    this.ended = false;
    return count;
  }

  /** No more audio is coming for now: play the tail without waiting for a prebuffer. */
  end(): void {
    this.ended = true;
  }

  /** Drop everything not yet played (barge-in). */
  clear(): void {
    this.read = this.written;
    this.playing = false;
    this.ended = true;
    this.segments = [];
  }

  /** Fill one render quantum (every channel gets the same mono signal). */
  render(output: Float32Array[]): void {
    const frames = output[0]?.length ?? 0;
    const buffered = this.written - this.read;
    if (!this.playing && buffered > 0 && (buffered >= this.prebuffer || this.ended))
      this.playing = true;
    let produced = 0;
    if (this.playing) {
      produced = Math.min(frames, buffered);
      // At most two contiguous copies (before and after the wrap).
      const at = this.read % this.ring.length;
      const run = Math.min(produced, this.ring.length - at);
      for (const channel of output) {
        channel.set(this.ring.subarray(at, at + run));
        if (produced > run) channel.set(this.ring.subarray(0, produced - run), run);
      }
      this.read += produced;
      if (produced < frames) {
        this.playing = false;
        if (!this.ended) {
          // Ran dry mid-reply: pause until a larger prebuffer refills, never speed up.
          this.underruns++;
          this.prebuffer = Math.min(this.prebuffer + this.prebufferStep, this.maxPrebuffer);
        }
      }
    }
    for (const channel of output) channel.fill(0, produced);
  }

  progress(): PlaybackProgress {
    while (this.segments.length > 1 && this.segments[1]!.start <= this.read) this.segments.shift();
    const current = this.segments[0] ?? null;
    return {
      itemId: current?.itemId ?? null,
      playedSamples: current ? Math.max(0, this.read - current.start) : 0,
      bufferedSamples: this.written - this.read,
      underruns: this.underruns,
      playing: this.playing,
    };
  }
}
