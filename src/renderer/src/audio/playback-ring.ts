/**
 * The playback worklet's logic, pure so it is tested under Node: a ring buffer with an
 * adaptive prebuffer that counts, per item, the samples that actually reached the output.
 */
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

export class PlaybackRing {
  private readonly ring: Float32Array;
  private written = 0;
  private read = 0;
  private playing = false;
  private prebuffer: number;
  private readonly maxPrebuffer: number;
  private readonly prebufferStep: number;
  private underruns = 0;
  private segments: Segment[] = [];
  /** After the last sample of a reply, running dry is the end, not an underrun. */
  private ended = true;
  /** Samples dropped because the ring was full (minutes of unplayed audio). */
  overflowed = 0;

  constructor(options: PlaybackRingOptions) {
    const ms = (value: number): number => Math.round((options.sampleRate * value) / 1000);
    this.ring = new Float32Array(options.sampleRate * (options.capacitySeconds ?? 120));
    this.prebuffer = ms(options.minPrebufferMs ?? 60);
    this.maxPrebuffer = ms(options.maxPrebufferMs ?? 300);
    this.prebufferStep = ms(options.prebufferStepMs ?? 40);
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
    const free = this.ring.length - (this.written - this.read);
    const count = Math.min(samples.length, free);
    this.overflowed += samples.length - count;
    const last = this.segments.at(-1);
    if (!last || last.itemId !== itemId) this.segments.push({ itemId, start: this.written });
    for (let i = 0; i < count; i++) this.ring[(this.written + i) % this.ring.length] = samples[i]!;
    this.written += count;
    this.ended = false;
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
      for (let i = 0; i < produced; i++) {
        const value = this.ring[(this.read + i) % this.ring.length]!;
        for (const channel of output) channel[i] = value;
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
