import type { ConversationItem } from 'openai/resources/realtime/realtime';

/** One conversation item as the simulator keeps it. */
export interface StoredItem {
  item: ConversationItem & { id: string };
  /** Audio the item holds: the user's PCM16 or the assistant's reply (for truncate and retrieve). */
  pcm: Buffer | null;
  /** Milliseconds of assistant audio kept after truncation. */
  audioMs: number;
}

/**
 * The default conversation: items in order, each insertion reporting the id of the item
 * before it (`previous_item_id`), as the service's `conversation.item.added` does.
 */
export class Conversation {
  private readonly entries: StoredItem[] = [];

  get items(): readonly StoredItem[] {
    return this.entries;
  }

  get(id: string): StoredItem | undefined {
    return this.entries.find((entry) => entry.item.id === id);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  lastId(): string | null {
    return this.entries.at(-1)?.item.id ?? null;
  }

  /**
   * Insert after `previousId` (`null` or absent: at the end; `'root'`: at the start).
   * Returns the id of the item now before it, or undefined when `previousId` is unknown.
   */
  insert(
    entry: StoredItem,
    previousId?: string | null,
  ): { previousItemId: string | null } | undefined {
    if (previousId === undefined || previousId === null) {
      const previousItemId = this.lastId();
      this.entries.push(entry);
      return { previousItemId };
    }
    if (previousId === 'root') {
      this.entries.unshift(entry);
      return { previousItemId: null };
    }
    const index = this.entries.findIndex((e) => e.item.id === previousId);
    if (index < 0) return undefined;
    this.entries.splice(index + 1, 0, entry);
    return { previousItemId: previousId };
  }

  delete(id: string): boolean {
    const index = this.entries.findIndex((e) => e.item.id === id);
    if (index < 0) return false;
    this.entries.splice(index, 1);
    return true;
  }

  /** The function call a `function_call_output` answers, by call id. */
  functionCall(callId: string): StoredItem | undefined {
    return this.entries.find((e) => e.item.type === 'function_call' && e.item.call_id === callId);
  }
}
