import { pcm16BytesToMs, SAMPLE_RATE } from '../audio';
import { VoiceActivity } from '../voice-activity';

const BYTES_PER_MS = (SAMPLE_RATE * 2) / 1000;
/** The user's pause that ends an utterance (as the Realtime side's server VAD default). */
export const END_OF_SPEECH_MS = 500;
const PREFIX_MS = 300;
/** Speech that never pauses is cut into utterances of this length, so memory stays bounded. */
export const MAX_UTTERANCE_MS = 30_000;

export type ListenerEvent =
  | { type: 'speech_started'; atMs: number }
  | { type: 'utterance'; pcm: Buffer; startMs: number; endMs: number };

/**
 * The model's ears: the input timeline (ms of input audio since `session.started`, muted
 * audio included), mute, and the end of each utterance by energy + silence. Muted input is
 * silence to the model; muting while the user speaks ends the utterance there, because from
 * that instant the model hears nothing more.
 */
export class Listener {
  private vad = new VoiceActivity(END_OF_SPEECH_MS, 0.02, PREFIX_MS);
  private vadOriginMs = 0;
  private positionMs = 0;
  /** Recent input (the utterance so far, or the last PREFIX_MS while quiet) and where it starts. */
  private recent: Buffer[] = [];
  private recentBytes = 0;
  private recentStartMs = 0;
  private utteranceStartMs: number | null = null;
  private mutedFlag = false;

  get position(): number {
    return this.positionMs;
  }

  get muted(): boolean {
    return this.mutedFlag;
  }

  get speaking(): boolean {
    return this.utteranceStartMs !== null;
  }

  append(pcm: Buffer): ListenerEvent[] {
    if (this.mutedFlag) {
      this.positionMs += pcm16BytesToMs(pcm.byteLength);
      return [];
    }
    this.keep(pcm);
    this.positionMs += pcm16BytesToMs(pcm.byteLength);
    const events: ListenerEvent[] = [];
    for (const event of this.vad.push(pcm)) {
      const atMs = this.vadOriginMs + event.atMs;
      if (event.type === 'started') {
        this.utteranceStartMs = Math.max(this.recentStartMs, atMs);
        events.push({ type: 'speech_started', atMs: this.utteranceStartMs });
      } else {
        events.push(...this.finish(atMs - END_OF_SPEECH_MS, atMs));
      }
    }
    if (this.utteranceStartMs === null) this.dropBefore(this.positionMs - PREFIX_MS);
    else if (this.positionMs - this.utteranceStartMs >= MAX_UTTERANCE_MS) {
      events.push(...this.finish(this.positionMs, this.positionMs));
      this.restartVad();
    }
    return events;
  }

  /** Mute: an utterance in progress ends now. */
  mute(): ListenerEvent[] {
    if (this.mutedFlag) return [];
    this.mutedFlag = true;
    const events =
      this.utteranceStartMs !== null ? this.finish(this.positionMs, this.positionMs) : [];
    this.restartVad();
    return events;
  }

  unmute(): void {
    if (!this.mutedFlag) return;
    this.mutedFlag = false;
    this.restartVad();
  }

  /** End the utterance at `endMs` (its audio) and forget input before `forgetBeforeMs`. */
  private finish(endMs: number, forgetBeforeMs: number): ListenerEvent[] {
    const startMs = this.utteranceStartMs ?? endMs;
    this.utteranceStartMs = null;
    const pcm = this.slice(startMs, Math.max(startMs, endMs));
    this.dropBefore(forgetBeforeMs);
    return pcm.byteLength
      ? [{ type: 'utterance', pcm, startMs, endMs: Math.max(startMs, endMs) }]
      : [];
  }

  private restartVad(): void {
    this.vad = new VoiceActivity(END_OF_SPEECH_MS, 0.02, PREFIX_MS);
    this.vadOriginMs = this.positionMs;
    this.utteranceStartMs = null;
    this.recent = [];
    this.recentBytes = 0;
    this.recentStartMs = this.positionMs;
  }

  private keep(pcm: Buffer): void {
    if (this.recentBytes === 0) this.recentStartMs = this.positionMs;
    this.recent.push(pcm);
    this.recentBytes += pcm.byteLength;
  }

  private slice(fromMs: number, toMs: number): Buffer {
    const all = Buffer.concat(this.recent);
    const at = (ms: number): number =>
      Math.min(
        all.byteLength,
        Math.max(0, Math.round(((ms - this.recentStartMs) * BYTES_PER_MS) / 2) * 2),
      );
    return Buffer.from(all.subarray(at(fromMs), at(toMs)));
  }

  private dropBefore(ms: number): void {
    const drop = Math.floor((Math.max(0, ms - this.recentStartMs) * BYTES_PER_MS) / 2) * 2;
    if (drop <= 0) return;
    const all = Buffer.concat(this.recent);
    const kept = all.subarray(Math.min(drop, all.byteLength));
    this.recent = kept.byteLength ? [Buffer.from(kept)] : [];
    this.recentBytes = kept.byteLength;
    this.recentStartMs += pcm16BytesToMs(all.byteLength - kept.byteLength);
  }
}
