/**
 * "Don't stop for a cough": the reply's playback held in place. Holding fades the output
 * out over a few render quanta (the samples are still played, quieter) and then renders
 * nothing and consumes nothing, so the ring keeps its place; going on fades back in from
 * exactly the next sample. Whole quanta only: no sample is consumed unheard.
 */
export class HoldFade {
  private state: 'open' | 'closing' | 'closed' | 'opening' = 'open';
  private step = 0;

  /** `quanta`: render quanta each fade lasts (3 × 128 samples ≈ 16 ms at 24 kHz). */
  constructor(private readonly quanta = 3) {}

  get held(): boolean {
    return this.state === 'closing' || this.state === 'closed';
  }

  set(held: boolean): void {
    if (held === this.held) return;
    // A fade under way turns around from the gain it has reached.
    this.step = this.state === 'open' || this.state === 'closed' ? 0 : this.quanta - this.step;
    this.state = held ? 'closing' : 'opening';
  }

  /** Back to playing at full level at once (the buffer was cleared). */
  reset(): void {
    this.state = 'open';
    this.step = 0;
  }

  /** Whether the ring renders this quantum (false: silence, and the ring keeps its place). */
  get renders(): boolean {
    return this.state !== 'closed';
  }

  /** Shape the quantum just rendered: a linear ramp while fading, silence while closed. */
  shape(output: Float32Array[]): void {
    if (this.state === 'open') return;
    if (this.state === 'closed') {
      for (const channel of output) channel.fill(0);
      return;
    }
    const closing = this.state === 'closing';
    const frames = output[0]?.length ?? 0;
    const from = this.step / this.quanta;
    for (const channel of output) {
      for (let i = 0; i < frames; i++) {
        const t = from + (i + 1) / (frames * this.quanta);
        channel[i]! *= closing ? 1 - t : t;
      }
    }
    if (++this.step >= this.quanta) {
      this.state = closing ? 'closed' : 'open';
      this.step = 0;
    }
  }
}
