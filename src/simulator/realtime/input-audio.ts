import { pcm16BytesToMs, SAMPLE_RATE } from '../audio';
import type { TurnDetection } from './session-state';
import { VoiceActivity } from '../voice-activity';

const BYTES_PER_MS = (SAMPLE_RATE * 2) / 1000;
/** Push-to-talk buffer bound (the simulator's own; the service's is larger): 2 minutes. */
export const MAX_INPUT_BYTES = SAMPLE_RATE * 2 * 120;

export type InputAudioEvent =
  | { type: 'speech_started'; audioStartMs: number }
  | { type: 'speech_stopped'; audioEndMs: number }
  | { type: 'idle_timeout'; audioStartMs: number; audioEndMs: number }
  | { type: 'overflow' };

/** How long a pause ends a turn for semantic_vad, by eagerness (an energy-gate stand-in). */
const SEMANTIC_SILENCE_MS = { low: 1000, medium: 500, auto: 500, high: 250 } as const;

/**
 * The input audio buffer and its turn detection. Positions (`audio_start_ms`, …) count from
 * the first audio of the session, as the service's do.
 *
 * With turn detection on, audio before speech is dropped silently except the last
 * `prefix_padding_ms` (the service keeps no more), so a quiet room never fills the buffer
 * and a committed turn holds one utterance only.
 */
export class InputAudio {
  private chunks: Buffer[] = [];
  private bytes = 0;
  /** Session audio clock (ms) at the first byte still in the buffer. */
  private startMs = 0;
  private clockMs = 0;
  private vad: VoiceActivity | null = null;
  private vadKey = '';
  private vadOriginMs = 0;
  private idleFromMs: number | null = null;
  private overflowReported = false;

  get ms(): number {
    return pcm16BytesToMs(this.bytes);
  }

  get speaking(): boolean {
    return this.vad?.isSpeaking ?? false;
  }

  get clock(): number {
    return this.clockMs;
  }

  append(pcm: Buffer, detection: TurnDetection | null, responding: boolean): InputAudioEvent[] {
    const events: InputAudioEvent[] = [];
    if (!detection) {
      this.vad = null;
      this.idleFromMs = null;
      if (this.bytes + pcm.byteLength > MAX_INPUT_BYTES) {
        if (!this.overflowReported) events.push({ type: 'overflow' });
        this.overflowReported = true;
        return events;
      }
      this.push(pcm);
      return events;
    }
    const prefixMs = detection.type === 'server_vad' ? (detection.prefix_padding_ms ?? 300) : 300;
    this.ensureVad(detection, prefixMs);
    const chunkStartMs = this.clockMs;
    this.push(pcm);
    let stopped = false;
    for (const event of this.vad!.push(pcm)) {
      if (event.type === 'started') {
        const audioStartMs = Math.max(this.startMs, this.vadOriginMs + event.atMs);
        this.dropBefore(audioStartMs);
        this.idleFromMs = null;
        events.push({ type: 'speech_started', audioStartMs });
      } else {
        stopped = true;
        events.push({ type: 'speech_stopped', audioEndMs: this.vadOriginMs + event.atMs });
      }
    }
    // Speech that never pauses is cut into turns of at most MAX_INPUT_BYTES, so the buffer
    // stays bounded in hands-free as in push-to-talk: the turn ends here and is committed.
    if (this.vad!.isSpeaking && this.bytes >= MAX_INPUT_BYTES) {
      events.push({ type: 'speech_stopped', audioEndMs: this.clockMs });
      this.vad = null; // a fresh detector: the speech goes on as a new turn
      this.ensureVad(detection, prefixMs);
      return events;
    }
    // After a stop the buffer holds the utterance, which the session commits next.
    if (!this.vad!.isSpeaking && !stopped) {
      this.dropBefore(this.clockMs - prefixMs);
      const idleMs = detection.type === 'server_vad' ? detection.idle_timeout_ms : null;
      if (idleMs && !responding) {
        this.idleFromMs ??= chunkStartMs;
        if (this.clockMs - this.idleFromMs >= idleMs) {
          events.push({
            type: 'idle_timeout',
            audioStartMs: this.idleFromMs,
            audioEndMs: this.clockMs,
          });
          this.idleFromMs = null;
        }
      } else if (responding) {
        this.idleFromMs = null;
      }
    }
    return events;
  }

  /** Empty the buffer and return what it held. */
  take(): { pcm: Buffer; ms: number; startMs: number } {
    const pcm = Buffer.concat(this.chunks);
    const startMs = this.startMs;
    this.clear();
    return { pcm, ms: pcm16BytesToMs(pcm.byteLength), startMs };
  }

  clear(): void {
    this.chunks = [];
    this.bytes = 0;
    this.startMs = this.clockMs;
    this.overflowReported = false;
  }

  private push(pcm: Buffer): void {
    this.chunks.push(pcm);
    this.bytes += pcm.byteLength;
    this.clockMs += pcm16BytesToMs(pcm.byteLength);
  }

  private ensureVad(detection: TurnDetection, prefixMs: number): void {
    const silenceMs =
      detection.type === 'server_vad'
        ? (detection.silence_duration_ms ?? 200)
        : SEMANTIC_SILENCE_MS[detection.eagerness ?? 'auto'];
    // server_vad's threshold (0–1, default 0.5) scales the energy gate (0.02 RMS at 0.5).
    const threshold = detection.type === 'server_vad' ? 0.04 * (detection.threshold ?? 0.5) : 0.02;
    const key = `${silenceMs}/${threshold}/${prefixMs}`;
    if (this.vad && this.vadKey === key) return;
    this.vad = new VoiceActivity(silenceMs, threshold, prefixMs);
    this.vadKey = key;
    this.vadOriginMs = this.clockMs;
  }

  /** Drop buffered audio before `ms` on the session clock, keeping whole samples. */
  private dropBefore(ms: number): void {
    const dropBytes = Math.floor((Math.max(0, ms - this.startMs) * BYTES_PER_MS) / 2) * 2;
    if (dropBytes <= 0) return;
    const all = Buffer.concat(this.chunks);
    const kept = all.subarray(Math.min(dropBytes, all.byteLength));
    this.chunks = kept.byteLength ? [Buffer.from(kept)] : [];
    this.startMs += pcm16BytesToMs(all.byteLength - kept.byteLength);
    this.bytes = kept.byteLength;
  }
}
