/**
 * GPT-Live's output never stops: silence arrives as all-zero deltas. The gate cuts the
 * stream into bursts of speech so that silence never crosses IPC, "Hark is speaking" follows
 * the output's energy (with a hangover, so a breath is not the end of a sentence), and a
 * yield (the model stopped because the user spoke) ends the burst at once.
 */
import { pcm16BytesToMs } from '../../shared/audio/format';

/** RMS of full scale above which a delta is speech (LiveKit's fixed gate for GPT-Live). */
export const SPEECH_RMS = 0.0006;
/** Output silence (on the model's clock) that ends a burst (LiveKit: 0.8 s). */
export const HANGOVER_MS = 800;

export type GateStep =
  | { type: 'start'; itemId: string }
  | { type: 'audio'; itemId: string; pcm: Buffer }
  | { type: 'end'; itemId: string; reason: 'silence' | 'yield' | 'closed' };

export interface GateCounters {
  /** Bytes of all-zero output that were kept off IPC. */
  zeroBytesHeld: number;
  /** Bytes of output forwarded (speech, and quiet non-zero audio inside a burst). */
  bytesForwarded: number;
  bursts: number;
}

export class OutputGate {
  readonly counters: GateCounters = { zeroBytesHeld: 0, bytesForwarded: 0, bursts: 0 };
  private burst: string | null = null;
  /** Output silence since the last speech in this burst, in ms of audio. */
  private quietMs = 0;

  constructor(
    private readonly prefix = 'live_reply',
    private readonly hangoverMs = HANGOVER_MS,
    private readonly threshold = SPEECH_RMS,
  ) {}

  /** Hark is speaking: a burst is open. */
  get speaking(): boolean {
    return this.burst !== null;
  }

  /** The burst is open but its latest output was silence (the model may have yielded). */
  get pausing(): boolean {
    return this.burst !== null && this.quietMs > 0;
  }

  push(pcm: Buffer): GateStep[] {
    const ms = pcm16BytesToMs(pcm.byteLength);
    const level = rms(pcm);
    const steps: GateStep[] = [];
    if (level > this.threshold) {
      if (this.burst === null) {
        this.burst = `${this.prefix}_${++this.counters.bursts}`;
        steps.push({ type: 'start', itemId: this.burst });
      }
      this.quietMs = 0;
      this.forward(steps, this.burst, pcm);
      return steps;
    }
    if (level === 0) this.counters.zeroBytesHeld += pcm.byteLength;
    if (this.burst === null) return steps;
    // Inside a burst, quiet but not silent audio is part of the speech (a soft ending).
    if (level > 0) this.forward(steps, this.burst, pcm);
    this.quietMs += ms;
    if (this.quietMs >= this.hangoverMs) steps.push(this.end('silence'));
    return steps;
  }

  /** The model yielded to the user: the burst ends now and nothing more of it is played. */
  yieldNow(): GateStep[] {
    return this.burst === null ? [] : [this.end('yield')];
  }

  /** The session ended: close the open burst. */
  close(): GateStep[] {
    return this.burst === null ? [] : [this.end('closed')];
  }

  private forward(steps: GateStep[], itemId: string, pcm: Buffer): void {
    this.counters.bytesForwarded += pcm.byteLength;
    steps.push({ type: 'audio', itemId, pcm });
  }

  private end(reason: 'silence' | 'yield' | 'closed'): GateStep {
    const itemId = this.burst!;
    this.burst = null;
    this.quietMs = 0;
    return { type: 'end', itemId, reason };
  }
}

/** Root mean square of PCM16LE samples, as a fraction of full scale; exactly 0 for silence. */
export function rms(pcm: Buffer): number {
  const samples = pcm.byteLength >> 1;
  if (samples === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    const s = pcm.readInt16LE(i * 2);
    sum += s * s;
  }
  return Math.sqrt(sum / samples) / 32768;
}
