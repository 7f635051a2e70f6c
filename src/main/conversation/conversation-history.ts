import type { RealtimeClientEvent } from '../realtime/protocol';

export interface HistoryTurn {
  role: 'user' | 'assistant';
  text: string;
}

/**
 * The conversation as text, so a new session (rollover, reconnect after expiry) can be
 * seeded with what was said and the user notices nothing. Bounded by turns and characters.
 */
export class ConversationHistory {
  private turns: HistoryTurn[] = [];

  constructor(
    private readonly maxTurns = 40,
    private readonly maxChars = 16_000,
  ) {}

  add(role: HistoryTurn['role'], text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    this.turns.push({ role, text: trimmed });
    while (this.turns.length > this.maxTurns) this.turns.shift();
    let chars = this.turns.reduce((n, t) => n + t.text.length, 0);
    while (chars > this.maxChars && this.turns.length > 1) chars -= this.turns.shift()!.text.length;
  }

  entries(): HistoryTurn[] {
    return this.turns.map((t) => ({ ...t }));
  }

  /** conversation.item.create events that rebuild the conversation in a fresh session. */
  seedEvents(): RealtimeClientEvent[] {
    return this.turns.map((turn) =>
      turn.role === 'user'
        ? {
            type: 'conversation.item.create',
            item: {
              type: 'message',
              role: 'user',
              content: [{ type: 'input_text', text: turn.text }],
            },
          }
        : {
            type: 'conversation.item.create',
            item: {
              type: 'message',
              role: 'assistant',
              content: [{ type: 'output_text', text: turn.text }],
            },
          },
    );
  }

  clear(): void {
    this.turns = [];
  }
}
