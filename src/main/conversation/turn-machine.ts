import { MIN_COMMIT_MS } from '../../shared/audio/format';

/** Where a press comes from. A turn belongs to the source that started it. */
export type TalkSource = 'pointer' | 'space' | 'hotkey' | 'toggle';

export type TurnPhase = 'idle' | 'listening' | 'responding';

export type TurnEffect =
  /** A new turn: clear the server's input buffer, start keeping audio. */
  | { type: 'begin-turn' }
  /** Tell the renderer to open/close the microphone stream. */
  | { type: 'capture'; on: boolean }
  /** Commit what was said and ask for a reply. */
  | { type: 'commit-turn' }
  | { type: 'discard-turn'; reason: 'too-short' | 'cancelled' }
  /** Silence local playback at once. */
  | { type: 'stop-playback' }
  | { type: 'cancel-response' }
  | { type: 'truncate'; itemId: string; audioEndMs: number }
  | { type: 'hint'; title: string; text: string };

export interface PlaybackFacts {
  itemId: string;
  playedMs: number;
  bufferedMs: number;
}

/** Turns longer than this end by themselves: a stuck key must not stream forever. */
export const MAX_TURN_MS = 60_000;

/**
 * What Hark should audibly have done with what it heard: never more than arrived (the API
 * rejects it), never 0 (likewise) — nothing heard means cancel only.
 */
export function truncationFor(
  heard: { itemId: string; playedMs: number } | null,
  reply: { itemId: string; receivedMs: number } | null,
): { itemId: string; audioEndMs: number } | null {
  if (!heard || !reply || heard.itemId !== reply.itemId) return null;
  const audioEndMs = Math.floor(Math.min(heard.playedMs, reply.receivedMs));
  return audioEndMs > 0 ? { itemId: reply.itemId, audioEndMs } : null;
}

/**
 * The talk turn as a pure state machine: presses and releases from every source (with key
 * auto-repeat, toggles, lost key-ups and a maximum length), the too-short rule, and
 * barge-in over a reply. It returns effects; the controller carries them out.
 */
export class TurnMachine {
  phase: TurnPhase = 'idle';
  owner: TalkSource | null = null;
  private startedAt = 0;
  private capturedMs = 0;
  /** A response is in progress on the server (ours or one it made by itself). */
  private replyActive = false;
  /** The reply's audio received so far. */
  private reply: { itemId: string; receivedMs: number } | null = null;
  /** What the speaker has played and still holds. */
  private playback: PlaybackFacts | null = null;
  /** A turn was committed (or a message typed) and its reply has not started yet. */
  private awaitingReply = false;

  constructor(private readonly maxTurnMs = MAX_TURN_MS) {}

  /** Something can still be heard or is coming: a press now is a barge-in. */
  get replyAudible(): boolean {
    return this.replyActive || (this.playback !== null && this.playback.bufferedMs > 0);
  }

  press(source: TalkSource, now: number): TurnEffect[] {
    if (this.owner !== null) return []; // key auto-repeat, or another source already holds the turn
    const effects: TurnEffect[] = [];
    if (this.phase === 'responding' || this.replyAudible) effects.push(...this.bargeIn());
    this.owner = source;
    this.phase = 'listening';
    this.startedAt = now;
    this.capturedMs = 0;
    effects.push({ type: 'begin-turn' }, { type: 'capture', on: true });
    return effects;
  }

  release(source: TalkSource): TurnEffect[] {
    if (this.owner !== source) return [];
    return this.finish();
  }

  /** The toggle hotkey: press once to talk, again to send. */
  toggle(now: number): TurnEffect[] {
    if (this.owner === 'toggle') return this.finish();
    return this.press('toggle', now);
  }

  /** A key-up that will never come (sleep, lock, the window lost focus while Space was held). */
  lostKeyUp(): TurnEffect[] {
    if (this.owner === null) return [];
    return this.finish();
  }

  /** Drop the turn without sending (the microphone could not open). */
  cancel(): TurnEffect[] {
    if (this.owner === null) return [];
    this.owner = null;
    this.phase = this.replyActive ? 'responding' : 'idle';
    return [
      { type: 'capture', on: false },
      { type: 'discard-turn', reason: 'cancelled' },
    ];
  }

  /**
   * Hands-free: the server heard the user start speaking. Over a reply this is a barge-in
   * (the session is configured not to interrupt by itself, so echo cannot trigger it).
   */
  speechStarted(): TurnEffect[] {
    const effects = this.phase === 'responding' || this.replyAudible ? this.bargeIn() : [];
    this.phase = 'listening';
    return effects;
  }

  /** Hands-free: the server committed the speech and will reply by itself. */
  speechStopped(): void {
    if (this.owner !== null) return;
    this.phase = 'responding';
    this.awaitingReply = true;
  }

  /** Called as time passes: ends a turn held past the maximum length. */
  tick(now: number): TurnEffect[] {
    if (this.owner === null || now - this.startedAt < this.maxTurnMs) return [];
    return [
      ...this.finish(),
      {
        type: 'hint',
        title: 'Turn sent',
        text: `A turn can last ${this.maxTurnMs / 1000} s; what you said so far was sent.`,
      },
    ];
  }

  audioCaptured(ms: number): void {
    if (this.owner !== null) this.capturedMs += ms;
  }

  replyStarted(): void {
    this.replyActive = true;
    this.awaitingReply = false;
    if (this.phase === 'idle') this.phase = 'responding';
  }

  replyAudio(itemId: string, ms: number): void {
    if (this.reply?.itemId !== itemId) this.reply = { itemId, receivedMs: 0 };
    this.reply.receivedMs += ms;
  }

  /** response.done: the server is finished; the speaker may still be playing. */
  replyDone(): void {
    this.replyActive = false;
    this.settle();
  }

  playbackReport(report: PlaybackFacts): void {
    this.playback = report;
    this.settle();
  }

  /** The connection was lost: no response is in progress any more. */
  connectionLost(): void {
    this.replyActive = false;
    this.playback = null;
    this.settle();
  }

  /** A typed message was sent: its reply is on the way. */
  awaitReply(): void {
    this.awaitingReply = true;
    if (this.owner === null) this.phase = 'responding';
  }

  /** The reply we were waiting for will not come (its request failed). */
  abandonReply(): void {
    this.replyActive = false;
    this.awaitingReply = false;
    this.settle();
  }

  /** Forget the turn entirely (disconnect, permanent failure). */
  reset(): void {
    this.owner = null;
    this.phase = 'idle';
    this.replyActive = false;
    this.awaitingReply = false;
    this.reply = null;
    this.playback = null;
  }

  private finish(): TurnEffect[] {
    this.owner = null;
    const effects: TurnEffect[] = [{ type: 'capture', on: false }];
    if (this.capturedMs < MIN_COMMIT_MS) {
      this.phase = this.replyActive ? 'responding' : 'idle';
      effects.push(
        { type: 'discard-turn', reason: 'too-short' },
        {
          type: 'hint',
          title: 'Too short',
          text: 'Hold the talk button while you speak; at least a tenth of a second is needed.',
        },
      );
      return effects;
    }
    this.phase = 'responding';
    this.awaitingReply = true;
    effects.push({ type: 'commit-turn' });
    return effects;
  }

  private bargeIn(): TurnEffect[] {
    const effects: TurnEffect[] = [{ type: 'stop-playback' }];
    if (this.replyActive) effects.push({ type: 'cancel-response' });
    const truncation = truncationFor(this.playback, this.reply);
    if (truncation) effects.push({ type: 'truncate', ...truncation });
    this.replyActive = false;
    this.playback = null;
    this.reply = null;
    return effects;
  }

  private settle(): void {
    const playing = this.playback !== null && this.playback.bufferedMs > 0;
    if (
      this.phase === 'responding' &&
      this.owner === null &&
      !this.replyActive &&
      !playing &&
      !this.awaitingReply
    ) {
      this.phase = 'idle';
    }
  }
}
