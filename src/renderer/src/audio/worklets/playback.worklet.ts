/**
 * Playback: a long-lived ring buffer of PCM16 → float at 24 kHz with an adaptive
 * prebuffer. Bursts of deltas queue up instead of speeding up; an underrun pauses (and
 * grows the prebuffer), it never tears the node down. It counts the samples actually
 * played per item, which is what barge-in truncation needs.
 */
import { pcm16ToFloat } from '../../../../shared/audio/dsp';

export type PlaybackCommand =
  | { type: 'push'; itemId: string; pcm: ArrayBuffer }
  /** No more audio is coming for now: play out the tail without waiting for a prebuffer. */
  | { type: 'end' }
  | { type: 'clear' };

export interface PlaybackProgressMessage {
  type: 'progress';
  itemId: string | null;
  /** Samples of `itemId` that reached the output. */
  playedSamples: number;
  bufferedSamples: number;
  underruns: number;
  playing: boolean;
}

const RING_SECONDS = 120;
const MIN_PREBUFFER_MS = 60;
const MAX_PREBUFFER_MS = 300;
const PREBUFFER_STEP_MS = 40;
const PROGRESS_EVERY_QUANTA = 8; // ≈ 43 ms at 24 kHz

interface Segment {
  itemId: string;
  /** Absolute write position where the item's audio starts. */
  start: number;
}

class PlaybackProcessor extends AudioWorkletProcessor {
  private readonly ring = new Float32Array(sampleRate * RING_SECONDS);
  private written = 0;
  private read = 0;
  private playing = false;
  private prebuffer = Math.round((sampleRate * MIN_PREBUFFER_MS) / 1000);
  private underruns = 0;
  private segments: Segment[] = [];
  private quanta = 0;
  /** After the last sample of a reply running dry is the end, not an underrun. */
  private ended = true;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<PlaybackCommand>) => this.command(event.data);
  }

  private command(message: PlaybackCommand): void {
    if (message.type === 'clear') {
      this.read = this.written;
      this.playing = false;
      this.ended = true;
      this.segments = [];
      this.report();
      return;
    }
    if (message.type === 'end') {
      this.ended = true;
      return;
    }
    const samples = pcm16ToFloat(new Int16Array(message.pcm));
    const free = this.ring.length - (this.written - this.read);
    const count = Math.min(samples.length, free); // the ring holds minutes; overflow drops the excess
    const last = this.segments.at(-1);
    if (!last || last.itemId !== message.itemId)
      this.segments.push({ itemId: message.itemId, start: this.written });
    for (let i = 0; i < count; i++) this.ring[(this.written + i) % this.ring.length] = samples[i]!;
    this.written += count;
    this.ended = false;
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const output = outputs[0];
    if (!output || output.length === 0) return true;
    const frames = output[0]!.length;
    const buffered = this.written - this.read;
    if (!this.playing && buffered > 0 && (buffered >= this.prebuffer || this.ended))
      this.playing = true;
    let produced = 0;
    if (this.playing) {
      produced = Math.min(frames, buffered);
      for (let i = 0; i < produced; i++) {
        const value = this.ring[(this.read + i) % this.ring.length]!;
        for (const channel of output) channel[i] = value;
      }
      this.read += produced;
      if (produced < frames) {
        this.playing = false;
      }
      if (produced < frames && !this.ended) {
        // Ran dry mid-reply: pause until the (now larger) prebuffer refills.
        this.underruns++;
        this.prebuffer = Math.min(
          this.prebuffer + Math.round((sampleRate * PREBUFFER_STEP_MS) / 1000),
          Math.round((sampleRate * MAX_PREBUFFER_MS) / 1000),
        );
      }
    }
    for (const channel of output) channel.fill(0, produced);
    if (++this.quanta % PROGRESS_EVERY_QUANTA === 0) this.report();
    return true;
  }

  private report(): void {
    while (this.segments.length > 1 && this.segments[1]!.start <= this.read) this.segments.shift();
    const current = this.segments[0] ?? null;
    const message: PlaybackProgressMessage = {
      type: 'progress',
      itemId: current?.itemId ?? null,
      playedSamples: current ? Math.max(0, this.read - current.start) : 0,
      bufferedSamples: this.written - this.read,
      underruns: this.underruns,
      playing: this.playing,
    };
    this.port.postMessage(message);
  }
}

registerProcessor('hark-playback', PlaybackProcessor);
