/**
 * "Don't stop for a cough" (hands-free): when the server hears speech over a reply, Hark
 * holds the reply (fades it out, keeps its place) instead of cancelling it, and decides
 * once the speech is over whether it was a turn:
 * - shorter than `NO_TURN_MAX_MS`, nothing transcribed, or only a backchannel ("mhm",
 *   "yeah", "okay") → no turn: the reply resumes where it stopped, the stray input item is
 *   deleted from the conversation, and no reply is asked for;
 * - anything else → a real turn: the reply is cancelled and truncated at what was played,
 *   as a barge-in always was, and Hark asks for the answer to the new turn.
 * The session runs with `create_response: false` (and `interrupt_response: false`), so the
 * server never answers a cough by itself: Hark asks for every hands-free reply.
 */

/**
 * Speech shorter than this (speech_started's audio_start_ms to speech_stopped's
 * audio_end_ms, which include the server's ~300 ms prefix padding) is not a turn.
 */
export const NO_TURN_MAX_MS = 800;
/** After the speech stopped, how long to wait for its transcript before deciding it was a turn. */
export const TRANSCRIPT_WAIT_MS = 2_500;

const BACKCHANNEL_WORDS = new Set([
  'mhm',
  'mm',
  'mmm',
  'hm',
  'hmm',
  'uh',
  'uhhuh',
  'huh',
  'um',
  'umm',
  'ah',
  'oh',
  'er',
  'yeah',
  'yep',
  'yes',
  'ok',
  'okay',
  'right',
  'sure',
  'cough',
  'coughs',
  'coughing',
]);

/** Only acknowledgement sounds, or nothing at all (punctuation, a noise tag). */
export function isBackchannel(transcript: string): boolean {
  const words = transcript
    .toLowerCase()
    .replace(/uh[- ]huh/g, 'uhhuh')
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  return words.every((w) => BACKCHANNEL_WORDS.has(w));
}

export type HoldOutcome =
  | { kind: 'resume'; itemId: string }
  | { kind: 'interrupt'; itemId: string; transcript: string | null };

interface Held {
  itemId: string;
  startMs: number;
  stoppedMs: number | null;
  /** Transcripts of the held item, kept back until the decision. */
  transcript: string | null;
}

/** The decision, as a small state machine; the conversation carries out its outcome. */
export class FalseInterruptionJudge {
  private held: Held | null = null;

  constructor(private readonly transcribing: () => boolean) {}

  get holding(): boolean {
    return this.held !== null;
  }

  /** The item being held (its user transcript is not shown until the decision). */
  get heldItemId(): string | null {
    return this.held?.itemId ?? null;
  }

  hold(itemId: string, audioStartMs: number): void {
    this.held = { itemId, startMs: audioStartMs, stoppedMs: null, transcript: null };
  }

  /** The speech ended: a short one is no turn at once; otherwise wait for its words. */
  stopped(itemId: string, audioEndMs: number): HoldOutcome | null {
    const held = this.held;
    if (!held || held.itemId !== itemId) return null;
    held.stoppedMs = audioEndMs;
    if (audioEndMs - held.startMs < NO_TURN_MAX_MS) return this.decide('resume');
    return this.transcribing() ? null : this.decide('interrupt');
  }

  /** The held speech's final transcript ("" when nothing was made out). */
  transcribed(itemId: string, transcript: string): HoldOutcome | null {
    const held = this.held;
    if (!held || held.itemId !== itemId) return null;
    held.transcript = transcript;
    if (held.stoppedMs === null) return null; // still speaking: decide when it stops
    return this.decide(isBackchannel(transcript) ? 'resume' : 'interrupt');
  }

  /** The transcript never came: a long speech counts as a turn. */
  timedOut(): HoldOutcome | null {
    if (!this.held || this.held.stoppedMs === null) return null;
    const { transcript } = this.held;
    return this.decide(transcript !== null && isBackchannel(transcript) ? 'resume' : 'interrupt');
  }

  /** The session went away: nothing is held any more. */
  reset(): void {
    this.held = null;
  }

  private decide(kind: 'resume' | 'interrupt'): HoldOutcome {
    const held = this.held!;
    this.held = null;
    return kind === 'resume'
      ? { kind, itemId: held.itemId }
      : { kind, itemId: held.itemId, transcript: held.transcript };
  }
}
