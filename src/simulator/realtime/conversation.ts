import type { ConversationItem } from 'openai/resources/realtime/realtime';
import { pcm16BytesToMs } from '../audio';
import { invalidRequest, type WireError } from '../wire-errors';
import type { ClientItem } from './wire-schemas';
import type { ImageFacts } from './input-image';

/** One conversation item as the simulator keeps it. */
export interface StoredItem {
  item: ConversationItem & { id: string };
  /** Audio the item holds: the user's PCM16 or the assistant's reply (for truncate and retrieve). */
  pcm: Buffer | null;
  /** Milliseconds of assistant audio kept after truncation. */
  audioMs: number;
  /** The item before it when it was added (for its `conversation.item.done`). */
  previousItemId?: string | null;
  /** A user message's `input_image`, as decoded when it was added (the last one if several). */
  image?: ImageFacts;
}

/**
 * How much one session's conversation may hold. Past either bound the oldest items are
 * forgotten, much as the service's `truncation: "auto"` drops the oldest items from the
 * model's context, so that a client cannot grow the simulator's memory without limit.
 */
export const CONVERSATION_LIMITS = { items: 2_000, bytes: 32 * 1024 * 1024 };

/**
 * The default conversation: items in order, each insertion reporting the id of the item
 * before it (`previous_item_id`), as the service's `conversation.item.added` does.
 */
export class Conversation {
  private readonly entries: StoredItem[] = [];
  private readonly sizes = new WeakMap<StoredItem, number>();
  /** What the kept items cost, as sizeOf measures them. */
  private bytes = 0;

  constructor(private readonly limits = CONVERSATION_LIMITS) {}

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
    const placed = this.place(entry, previousId);
    if (placed) this.forgetOldest(entry);
    return placed;
  }

  private place(
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

  /** Drop the oldest items (never `keep`, the one just added) until both limits hold. */
  private forgetOldest(keep: StoredItem): void {
    this.bytes += this.sizeOf(keep);
    while (
      this.entries.length > 1 &&
      (this.entries.length > this.limits.items || this.bytes > this.limits.bytes)
    ) {
      const index = this.entries[0] === keep ? 1 : 0;
      const [dropped] = this.entries.splice(index, 1);
      this.bytes -= this.sizeOf(dropped!);
    }
  }

  /** What an item costs to keep, measured once when it is added. */
  private sizeOf(entry: StoredItem): number {
    let size = this.sizes.get(entry);
    if (size === undefined) {
      size = JSON.stringify(entry.item).length + (entry.pcm?.byteLength ?? 0);
      this.sizes.set(entry, size);
    }
    return size;
  }

  delete(id: string): boolean {
    const index = this.entries.findIndex((e) => e.item.id === id);
    if (index < 0) return false;
    const [deleted] = this.entries.splice(index, 1);
    this.bytes -= this.sizeOf(deleted!);
    return true;
  }

  /** The function call a `function_call_output` answers, by call id. */
  functionCall(callId: string): StoredItem | undefined {
    return this.entries.find((e) => e.item.type === 'function_call' && e.item.call_id === callId);
  }

  /** The item as `conversation.item.retrieved` carries it: user audio with its audio. */
  retrieved(id: string): ConversationItem | null {
    const stored = this.get(id);
    if (!stored) return null;
    const item = structuredClone(stored.item);
    if (item.type === 'message' && item.role === 'user' && stored.pcm) {
      for (const part of item.content) {
        if (part.type === 'input_audio') part.audio = stored.pcm.toString('base64');
      }
    }
    return item;
  }

  /** Cut an assistant item's audio at `audioEndMs` (what the user heard); an error if not allowed. */
  truncate(id: string, contentIndex: number, audioEndMs: number): WireError | null {
    const stored = this.get(id);
    const item = stored?.item;
    if (!stored || item?.type !== 'message' || item.role !== 'assistant' || !stored.pcm) {
      return invalidRequest(
        'invalid_value',
        'Only assistant messages with audio can be truncated.',
        'item_id',
      );
    }
    if (contentIndex !== 0) {
      return invalidRequest(
        'invalid_value',
        `Content index ${contentIndex} does not exist; the item has one audio part (0).`,
        'content_index',
      );
    }
    if (audioEndMs > stored.audioMs) {
      return invalidRequest(
        'invalid_value',
        `Audio content of ${Math.round(stored.audioMs)}ms is already shorter than ${audioEndMs}ms.`,
        'audio_end_ms',
      );
    }
    stored.audioMs = audioEndMs;
    // Truncating deletes the server-side transcript, so no unheard text stays in context.
    for (const part of item.content) if (part.type === 'output_audio') part.transcript = '';
    return null;
  }
}

/** A client's item as the conversation keeps it: full server shape, its audio aside. */
export function storedFromClient(item: ClientItem, id: string): StoredItem {
  let pcm: Buffer | null = null;
  let audioMs = 0;
  if (item.type === 'message') {
    for (const part of item.content) {
      if ((part.type === 'input_audio' || part.type === 'output_audio') && part.audio) {
        pcm = Buffer.from(part.audio, 'base64');
        audioMs = pcm16BytesToMs(pcm.byteLength);
      }
    }
  }
  const wire = {
    ...item,
    id,
    ...(item.type === 'mcp_approval_response'
      ? {}
      : { object: 'realtime.item', status: 'completed' }),
  };
  // Audio stays out of the echoed item (the service does not send it back either).
  if (wire.type === 'message') {
    wire.content = wire.content.map((part) => {
      if (!('audio' in part)) return part;
      const { audio: _audio, ...rest } = part as { audio?: string } & typeof part;
      void _audio;
      return {
        ...rest,
        transcript: (rest as { transcript?: string | null }).transcript ?? null,
      } as typeof part;
    }) as typeof wire.content;
  }
  return { item: wire as unknown as ConversationItem & { id: string }, pcm, audioMs };
}
