import type { HistoryEntry, ToolCallMessage } from '../../../shared/assistant';
import { describeImageFacts, type ImageFacts } from '../../../shared/image-attachment';
import { HistoryStore, type ConversationStore } from './history-store';

/** A final tool status is written; the in-between ones (running, awaiting approval) are not. */
const FINAL_TOOL_STATUSES = new Set(['done', 'failed', 'denied', 'cancelled']);

/**
 * Follows one conversation as it happens and keeps it on disk (when history is on): the
 * user's and Hark's words, tool calls, where a reply was cut by a barge-in, which speech
 * could not be transcribed, and what each reply cost. Saves are coalesced; a failing disk
 * is reported once through `onError`, never thrown into the conversation.
 */
export class HistoryRecorder {
  private id: string;
  private startedAt: number;
  private entries: HistoryEntry[] = [];
  private readonly byItem = new Map<string, HistoryEntry>();
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private failed = false;

  constructor(
    private readonly store: ConversationStore,
    private readonly enabled: () => boolean,
    private readonly onError: (message: string) => void = () => undefined,
    private readonly debounceMs = 500,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
    this.id = HistoryStore.newId(this.startedAt);
  }

  get conversationId(): string {
    return this.id;
  }

  snapshot(): HistoryEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** Start a new conversation, or continue a stored one (reopened from the history view). */
  begin(continueFrom?: { id: string; startedAt: number; entries: HistoryEntry[] }): void {
    void this.flush();
    this.byItem.clear();
    this.startedAt = continueFrom?.startedAt ?? this.now();
    this.id = continueFrom?.id ?? HistoryStore.newId(this.startedAt);
    this.entries = continueFrom ? continueFrom.entries.map((e) => ({ ...e })) : [];
  }

  /**
   * Forget the conversation being recorded without writing it (it is being deleted): a
   * pending save is dropped, and writes already under way (an image file, say) are waited
   * for so that the caller's delete comes after them. Recording goes on in a new one.
   */
  async discard(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.byItem.clear();
    this.startedAt = this.now();
    this.id = HistoryStore.newId(this.startedAt);
    this.entries = [];
    await this.saving;
  }

  /** A final user or assistant text (a transcript, a typed message). */
  message(role: 'user' | 'assistant', itemId: string, text: string): void {
    const existing = this.byItem.get(itemId);
    if (existing) {
      existing.text = text;
      if (text.trim()) delete existing.transcriptionFailed;
    } else this.push(itemId, { at: this.now(), role, text });
    this.changed();
  }

  transcriptionFailed(itemId: string): void {
    const existing = this.byItem.get(itemId);
    if (existing) existing.transcriptionFailed = true;
    else this.push(itemId, { at: this.now(), role: 'user', text: '', transcriptionFailed: true });
    this.changed();
  }

  /** The user spoke over this reply: it was heard up to `heardMs`. */
  interrupted(itemId: string, heardMs: number): void {
    let entry = this.byItem.get(itemId);
    if (!entry) entry = this.push(itemId, { at: this.now(), role: 'assistant', text: '' });
    entry.interrupted = true;
    entry.heardMs = Math.max(0, Math.round(heardMs));
    this.changed();
  }

  tool(call: ToolCallMessage): void {
    if (!FINAL_TOOL_STATUSES.has(call.status)) return;
    this.push(`tool:${call.callId}`, {
      at: this.now(),
      role: 'tool',
      tool: call.tool,
      status: call.status,
      text: call.result ? `${call.summary} → ${call.result}` : call.summary,
    });
    this.changed();
  }

  /**
   * An image the user sent. With history on its file is kept beside the conversation (and
   * deleted with it); with history off only this entry exists, in memory, and the bytes are
   * not kept anywhere.
   */
  image(image: ImageFacts, bytes: Uint8Array): void {
    const facts: ImageFacts = {
      format: image.format,
      width: image.width,
      height: image.height,
      bytes: image.bytes,
      sha256: image.sha256,
    };
    this.entries.push({
      at: this.now(),
      role: 'user',
      text: `🖼 Image sent (${describeImageFacts(facts)})`,
      image: facts,
    });
    if (this.enabled()) {
      const id = this.id;
      this.saving = this.saving
        .then(() => this.store.saveImage(id, facts, bytes))
        .catch((error: unknown) =>
          this.onError(
            `Hark could not keep the image with the conversation: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
    }
    this.changed();
  }

  cost(itemId: string | null, dollars: number | null): void {
    if (dollars === null) return;
    const entry = itemId ? this.byItem.get(itemId) : undefined;
    if (!entry) return;
    entry.cost = (entry.cost ?? 0) + dollars;
    this.changed();
  }

  /** Write now (quit, switching conversations). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.save();
  }

  private push(itemId: string, entry: HistoryEntry): HistoryEntry {
    this.entries.push(entry);
    this.byItem.set(itemId, entry);
    return entry;
  }

  private changed(): void {
    if (!this.enabled() || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, this.debounceMs);
  }

  private save(): Promise<void> {
    if (!this.enabled() || this.entries.length === 0) return this.saving;
    const id = this.id;
    const startedAt = this.startedAt;
    const entries = this.snapshot();
    // One write at a time, in order: the last one wins with the newest entries.
    this.saving = this.saving
      .then(() => this.store.save(id, entries, startedAt))
      .then(
        () => {
          this.failed = false;
        },
        (error: unknown) => {
          if (!this.failed)
            this.onError(
              `Hark could not save the conversation: ${error instanceof Error ? error.message : String(error)}`,
            );
          this.failed = true;
        },
      );
    return this.saving;
  }
}
