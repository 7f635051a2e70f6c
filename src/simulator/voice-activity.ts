import { bytesToPcm16, rmsPcm16 } from './audio';
import { SAMPLE_RATE } from './audio';

const WINDOW_SAMPLES = (SAMPLE_RATE * 20) / 1000;

export type VadEvent = { type: 'started'; atMs: number } | { type: 'stopped'; atMs: number };

/**
 * The simulator's stand-in for server voice detection: an energy threshold over 20 ms
 * windows, speech after 60 ms above it, the end after `silenceMs` below it.
 */
export class VoiceActivity {
  private pending = new Int16Array(0);
  private positionMs = 0;
  private speaking = false;
  private loudMs = 0;
  private quietMs = 0;

  constructor(
    private readonly silenceMs = 500,
    private readonly threshold = 0.02,
    private readonly prefixPaddingMs = 300,
  ) {}

  get isSpeaking(): boolean {
    return this.speaking;
  }

  push(pcm: Buffer): VadEvent[] {
    const incoming = bytesToPcm16(pcm);
    const all = new Int16Array(this.pending.length + incoming.length);
    all.set(this.pending);
    all.set(incoming, this.pending.length);
    const events: VadEvent[] = [];
    let offset = 0;
    for (; offset + WINDOW_SAMPLES <= all.length; offset += WINDOW_SAMPLES) {
      const loud = rmsPcm16(all.subarray(offset, offset + WINDOW_SAMPLES)) > this.threshold;
      this.positionMs += 20;
      if (!this.speaking) {
        this.loudMs = loud ? this.loudMs + 20 : 0;
        if (this.loudMs >= 60) {
          this.speaking = true;
          this.quietMs = 0;
          events.push({
            type: 'started',
            atMs: Math.max(0, this.positionMs - this.loudMs - this.prefixPaddingMs),
          });
        }
      } else {
        this.quietMs = loud ? 0 : this.quietMs + 20;
        if (this.quietMs >= this.silenceMs) {
          this.speaking = false;
          this.loudMs = 0;
          events.push({ type: 'stopped', atMs: this.positionMs });
        }
      }
    }
    this.pending = all.slice(offset);
    return events;
  }

  reset(): void {
    this.pending = new Int16Array(0);
    this.speaking = false;
    this.loudMs = 0;
    this.quietMs = 0;
  }
}
