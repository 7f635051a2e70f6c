import { randomBytes } from 'node:crypto';

export interface PendingText {
  itemId: string;
  text: string;
}

export const MAX_TEXT_CHARS = 4000;
export const MAX_PENDING_TEXTS = 20;

/**
 * Typed messages not yet confirmed by the server (`conversation.item.added` with their id):
 * delivered again on each new session until then, so each arrives exactly once.
 */
export class TextOutbox {
  private entries: PendingText[] = [];

  get size(): number {
    return this.entries.length;
  }

  /** Queue a message, or say in plain words why not. */
  add(text: string): { entry: PendingText } | { error: string } {
    const trimmed = text.trim();
    if (!trimmed) return { error: 'The message is empty.' };
    if (trimmed.length > MAX_TEXT_CHARS)
      return { error: `Messages are limited to ${MAX_TEXT_CHARS} characters.` };
    if (this.entries.length >= MAX_PENDING_TEXTS)
      return {
        error: 'Too many messages are waiting for the connection; try again once it is back.',
      };
    const entry = { itemId: `msg_${randomBytes(10).toString('hex')}`, text: trimmed };
    this.entries.push(entry);
    return { entry };
  }

  /** The server has it: returns the message once, then forgets it. */
  acknowledge(itemId: string | undefined): PendingText | null {
    const index = this.entries.findIndex((t) => t.itemId === itemId);
    if (index < 0) return null;
    return this.entries.splice(index, 1)[0]!;
  }

  pending(): readonly PendingText[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
