import { FalseInterruptionJudge, TRANSCRIPT_WAIT_MS, type HoldOutcome } from './false-interruption';
import type { ConversationSession } from './types';

/** What the held speech asks of the conversation once the judge has decided. */
export interface HeldSpeechPort {
  /** Hold the reply's playback (true: fade out, keep its place) or go on with it (false). */
  holdOutput(held: boolean): void;
  /** No turn: the reply goes on; the conversation's state may have changed. */
  resumed(): void;
  /** A real turn: barge in as usual, show its transcript (when there is one), ask for its reply. */
  interrupted(itemId: string, transcript: string | null): void;
}

type Session = Pick<ConversationSession, 'send'>;

/** How many input items (stray and committed) are remembered; older ones cannot matter any more. */
const REMEMBERED_ITEMS = 32;

/**
 * Speech heard over a reply while it is held (false-interruption.ts): the judge, the wait for
 * its transcript, and the stray input items — speech judged no turn — whose transcripts are
 * never shown and which are deleted from the conversation once the server has committed them.
 */
export class HeldSpeech {
  private readonly judge: FalseInterruptionJudge;
  private transcriptWait: NodeJS.Timeout | null = null;
  private readonly strayItems = new Map<string, 'delete-on-commit' | 'deleted'>();
  private readonly committedItems = new Set<string>();

  constructor(
    transcribing: () => boolean,
    private readonly port: HeldSpeechPort,
  ) {
    this.judge = new FalseInterruptionJudge(transcribing);
  }

  get holding(): boolean {
    return this.judge.holding;
  }

  /** Speech started over an audible reply: hold the reply and judge the speech. */
  hold(itemId: string, audioStartMs: number): void {
    this.judge.hold(itemId, audioStartMs);
    this.port.holdOutput(true);
  }

  /** Speech stopped: true when it was the held speech (decided now, or after its transcript). */
  speechStopped(session: Session, itemId: string, audioEndMs: number): boolean {
    if (this.judge.heldItemId !== itemId) return false;
    const outcome = this.judge.stopped(itemId, audioEndMs);
    if (outcome) {
      this.settle(session, outcome);
      return true;
    }
    // A second stop for the same speech restarts the wait rather than leaving a timer behind.
    if (this.transcriptWait) clearTimeout(this.transcriptWait);
    this.transcriptWait = setTimeout(
      () => this.settle(session, this.judge.timedOut()),
      TRANSCRIPT_WAIT_MS,
    );
    return true;
  }

  /** A user transcript of held or stray speech: kept back (true) until it is known to be a turn. */
  heldBack(session: Session, itemId: string, text: string, final: boolean): boolean {
    if (this.strayItems.has(itemId)) return true;
    if (this.judge.heldItemId !== itemId) return false;
    if (final) this.settle(session, this.judge.transcribed(itemId, text));
    return true;
  }

  /** The server could not transcribe the held speech: judge it as if nothing was made out. */
  transcriptionFailed(session: Session, itemId: string): void {
    if (this.judge.heldItemId === itemId) this.settle(session, this.judge.transcribed(itemId, ''));
  }

  /** The server committed an input item: a stray one is deleted now. */
  committed(session: Session, itemId: string): void {
    this.committedItems.add(itemId);
    if (this.committedItems.size > REMEMBERED_ITEMS)
      this.committedItems.delete(this.committedItems.values().next().value!);
    this.deleteCommittedStrays(session);
  }

  /** Nothing is held any more (the session went away). */
  release(): void {
    if (this.transcriptWait) clearTimeout(this.transcriptWait);
    this.transcriptWait = null;
    if (this.judge.holding) this.port.holdOutput(false);
    this.judge.reset();
  }

  /** Carry out the judge's decision on the held reply. */
  private settle(session: Session, outcome: HoldOutcome | null): void {
    if (!outcome) return;
    if (this.transcriptWait) clearTimeout(this.transcriptWait);
    this.transcriptWait = null;
    this.port.holdOutput(false);
    if (outcome.kind === 'resume') {
      // No turn: the stray input leaves the conversation (now, or once the server commits it).
      this.strayItems.set(outcome.itemId, 'delete-on-commit');
      this.deleteCommittedStrays(session);
      this.port.resumed();
      return;
    }
    this.port.interrupted(outcome.itemId, outcome.transcript);
  }

  private deleteCommittedStrays(session: Session): void {
    for (const [stray, state] of this.strayItems) {
      if (state !== 'delete-on-commit' || !this.committedItems.has(stray)) continue;
      session.send({ type: 'conversation.item.delete', item_id: stray });
      this.strayItems.set(stray, 'deleted');
    }
    while (this.strayItems.size > REMEMBERED_ITEMS)
      this.strayItems.delete(this.strayItems.keys().next().value!);
  }
}
