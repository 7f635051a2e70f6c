import { randomBytes } from 'node:crypto';
import type { TurnUpload, UploadSession } from './turn-upload';

export const MAX_TEXT_CHARS = 4000;
/** Turns (typed and spoken) that may wait for the connection at once. */
export const MAX_QUEUED_TURNS = 20;

/** A typed message, confirmed by `conversation.item.added` with its own id. */
export interface TypedTurn {
  kind: 'typed';
  seq: number;
  itemId: string;
  text: string;
  /** The session it was sent on, until the server adds it. */
  sentOn: UploadSession | null;
  /** The window shows it as waiting (it could not go out when it was typed). */
  shownWaiting?: boolean;
}

/** A spoken turn, released: its upload keeps the audio until the server commits it. */
export interface SpokenTurn {
  kind: 'spoken';
  seq: number;
  upload: TurnUpload;
  /**
   * The id the window shows the turn under while it waits (it has no server item yet);
   * null for a turn that went out live.
   */
  placeholderId: string | null;
}

export type QueuedTurn = TypedTurn | SpokenTurn;

/**
 * Every turn the server has not confirmed yet, typed or spoken, in the order the user made
 * them. A turn is sent only once the one before it is confirmed, so after an outage they
 * arrive in that order; the conversation also waits for each one's reply before the next.
 */
export class TurnOutbox {
  private turns: QueuedTurn[] = [];
  private seq = 0;

  get size(): number {
    return this.turns.length;
  }

  /** A place in the order, taken when the user starts a turn (a press, a message). */
  nextSeq(): number {
    return ++this.seq;
  }

  /** Queue a message, or say in plain words why not. */
  addTyped(text: string): { turn: TypedTurn } | { error: string } {
    const trimmed = text.trim();
    if (!trimmed) return { error: 'The message is empty.' };
    if (trimmed.length > MAX_TEXT_CHARS)
      return { error: `Messages are limited to ${MAX_TEXT_CHARS} characters.` };
    if (this.full) return { error: FULL };
    const turn: TypedTurn = {
      kind: 'typed',
      seq: this.nextSeq(),
      itemId: `msg_${randomBytes(10).toString('hex')}`,
      text: trimmed,
      sentOn: null,
    };
    this.insert(turn);
    return { turn };
  }

  /** Queue a released spoken turn at the place its press took. */
  addSpoken(seq: number, upload: TurnUpload, waiting: boolean): SpokenTurn {
    const turn: SpokenTurn = {
      kind: 'spoken',
      seq,
      upload,
      placeholderId: waiting ? placeholderId() : null,
    };
    this.insert(turn);
    return turn;
  }

  get full(): boolean {
    return this.turns.length >= MAX_QUEUED_TURNS;
  }

  /** The first turn, in the user's order. */
  head(): QueuedTurn | undefined {
    return this.turns[0];
  }

  /** Turns not yet sent on `session` (all of them without one): what waits for the connection. */
  waiting(session: UploadSession | null): QueuedTurn[] {
    return this.turns.filter((t) => !isSentOn(t, session));
  }

  /** The server added this item: the typed turn with that id, once. */
  acknowledgeTyped(itemId: string | undefined): TypedTurn | null {
    const index = this.turns.findIndex((t) => t.kind === 'typed' && t.itemId === itemId);
    if (index < 0) return null;
    return this.turns.splice(index, 1)[0] as TypedTurn;
  }

  /** `input_audio_buffer.committed` on `session`: the oldest spoken turn committed there. */
  acknowledgeSpoken(session: UploadSession): SpokenTurn | null {
    const index = this.turns.findIndex(
      (t) => t.kind === 'spoken' && t.upload.commitSentOn === session,
    );
    if (index < 0) return null;
    const turn = this.turns.splice(index, 1)[0] as SpokenTurn;
    turn.upload.committed(session);
    return turn;
  }

  /** The server refused the oldest commit on `session`: that turn is gone. */
  refuseSpoken(session: UploadSession): SpokenTurn | null {
    const index = this.turns.findIndex(
      (t) => t.kind === 'spoken' && t.upload.commitSentOn === session,
    );
    if (index < 0) return null;
    const turn = this.turns.splice(index, 1)[0] as SpokenTurn;
    turn.upload.commitRefused();
    turn.upload.clear();
    return turn;
  }

  /** The session went away: everything it did not confirm is sent again, in order. */
  sessionLost(): void {
    for (const turn of this.turns) {
      if (turn.kind === 'typed') turn.sentOn = null;
      else turn.upload.sessionLost();
    }
  }

  all(): readonly QueuedTurn[] {
    return [...this.turns];
  }

  clear(): void {
    for (const turn of this.turns) if (turn.kind === 'spoken') turn.upload.clear();
    this.turns = [];
  }

  private insert(turn: QueuedTurn): void {
    const at = this.turns.findIndex((t) => t.seq > turn.seq);
    if (at < 0) this.turns.push(turn);
    else this.turns.splice(at, 0, turn);
  }
}

const FULL = 'Too many turns are waiting for the connection; try again once it is back.';

/** Sent on this session and not confirmed yet. */
export function isSentOn(turn: QueuedTurn, session: UploadSession | null): boolean {
  if (!session) return false;
  return turn.kind === 'typed' ? turn.sentOn === session : turn.upload.sentOn(session);
}

function placeholderId(): string {
  return `waiting_${randomBytes(8).toString('hex')}`;
}
