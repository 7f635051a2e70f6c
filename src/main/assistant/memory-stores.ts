import type { AssistantSettings, ConversationSummary, HistoryEntry } from '../../shared/assistant';
import {
  parseConversation,
  titleOf,
  type ConversationStore,
  type StoredConversation,
} from './history/history-store';
import { DEFAULT_ASSISTANT_SETTINGS } from '../../shared/assistant';
import type { ImageFacts } from '../../shared/image-attachment';
import type { AssistantSettingsStore } from './assistant-service';
import type { McpSecretStore, StoredMcpToken } from './mcp/mcp-tools';

/** Settings kept in memory (tests, the web preview, the doctor). */
export class MemoryAssistantSettingsStore implements AssistantSettingsStore {
  constructor(private settings: AssistantSettings = structuredClone(DEFAULT_ASSISTANT_SETTINGS)) {}
  load(): AssistantSettings {
    return structuredClone(this.settings);
  }
  save(settings: AssistantSettings): void {
    this.settings = structuredClone(settings);
  }
}

export class MemoryMcpSecretStore implements McpSecretStore {
  private readonly values = new Map<string, StoredMcpToken>();
  read(label: string): StoredMcpToken | null {
    const stored = this.values.get(label);
    return stored ? { ...stored } : null;
  }
  write(label: string, token: StoredMcpToken | null): void {
    if (token) this.values.set(label, { ...token });
    else this.values.delete(label);
  }
}

/** Conversations kept in memory (tests, the web preview): the same behaviour as on disk. */
export class MemoryHistoryStore implements ConversationStore {
  private readonly files = new Map<string, string>();
  /** Kept images by conversation id, then by hash. */
  private readonly images = new Map<string, Map<string, Buffer>>();

  async saveImage(id: string, image: ImageFacts, bytes: Uint8Array): Promise<void> {
    let kept = this.images.get(id);
    if (!kept) this.images.set(id, (kept = new Map()));
    kept.set(image.sha256, Buffer.from(bytes));
  }

  async loadImage(id: string, image: Pick<ImageFacts, 'sha256'>): Promise<Buffer | null> {
    return this.images.get(id)?.get(image.sha256) ?? null;
  }

  async save(id: string, entries: HistoryEntry[], startedAt: number): Promise<ConversationSummary> {
    const summary = {
      id,
      title: titleOf(entries),
      startedAt,
      updatedAt: entries.at(-1)?.at ?? startedAt,
      entries: entries.length,
    };
    this.files.set(
      id,
      [
        JSON.stringify({ kind: 'hark-conversation', ...summary }),
        ...entries.map((e) => JSON.stringify(e)),
      ].join('\n'),
    );
    return summary;
  }

  async load(id: string): Promise<StoredConversation | null> {
    const text = this.files.get(id);
    return text === undefined ? null : parseConversation(id, text);
  }

  async list(): Promise<ConversationSummary[]> {
    const all = await Promise.all([...this.files.keys()].map((id) => this.load(id)));
    return all
      .filter((c): c is StoredConversation => c !== null && c.entries.length > 0)
      .map((c) => c.summary)
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async remove(id: string): Promise<void> {
    this.files.delete(id);
    this.images.delete(id);
  }

  async clear(): Promise<number> {
    const count = (await this.list()).length;
    this.files.clear();
    this.images.clear();
    return count;
  }
}
