import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  conversationIdSchema,
  historyEntrySchema,
  type ConversationSummary,
  type HistoryEntry,
} from '../../../shared/assistant';
import { readSmallFile } from '../../files/small-file';
import { writeFileAtomic } from './atomic-write';

export interface StoredConversation {
  summary: ConversationSummary;
  entries: HistoryEntry[];
  /** Lines that could not be read (a damaged file keeps what it can). */
  skippedLines: number;
}

/** Where conversations are kept: on disk (HistoryStore) or in memory (tests, the web preview). */
export type ConversationStore = Pick<HistoryStore, 'save' | 'load' | 'list' | 'remove' | 'clear'>;

const HEADER_KIND = 'hark-conversation';
const MAX_ENTRIES = 5_000;
/** A conversation file larger than this is not one Hark wrote (5,000 entries fit easily). */
const MAX_FILE_BYTES = 32 * 1024 * 1024;
const TITLE_CHARS = 60;

/**
 * Conversations on disk, one JSON-lines file per conversation (a header line, then one line
 * per entry) in a folder of their own. Each save rewrites the file atomically, so a crash
 * never leaves half a line; a damaged line is skipped on reading, not fatal. Ids are checked
 * against one shape before they name a file.
 */
export class HistoryStore {
  constructor(private readonly directory: string) {}

  static newId(now = Date.now()): string {
    return `conv_${String(now).padStart(13, '0')}_${randomBytes(4).toString('hex')}`;
  }

  async save(id: string, entries: HistoryEntry[], startedAt: number): Promise<ConversationSummary> {
    const file = this.fileFor(id);
    const kept = entries.slice(-MAX_ENTRIES);
    const summary: ConversationSummary = {
      id,
      title: titleOf(kept),
      startedAt,
      updatedAt: kept.at(-1)?.at ?? startedAt,
      entries: kept.length,
    };
    const lines = [JSON.stringify({ kind: HEADER_KIND, version: 1, ...summary })];
    for (const entry of kept) lines.push(JSON.stringify(entry));
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, lines.join('\n') + '\n');
    return summary;
  }

  async load(id: string): Promise<StoredConversation | null> {
    // Bounded and checked: a FIFO, a device or a huge file in the folder must not hang or
    // flood the history list (it is refused like a damaged file).
    const bytes = readSmallFile(this.fileFor(id), MAX_FILE_BYTES);
    return bytes === null ? null : parseConversation(id, bytes.toString('utf8'));
  }

  /** Newest first. */
  async list(): Promise<ConversationSummary[]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const summaries: ConversationSummary[] = [];
    for (const name of names) {
      const id = name.endsWith('.jsonl') ? name.slice(0, -'.jsonl'.length) : '';
      if (!conversationIdSchema.safeParse(id).success) continue;
      const stored = await this.load(id).catch(() => null);
      if (stored && stored.entries.length > 0) summaries.push(stored.summary);
    }
    return summaries.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async remove(id: string): Promise<void> {
    await rm(this.fileFor(id), { force: true });
  }

  /** Every conversation goes. */
  async clear(): Promise<number> {
    const all = await this.list();
    for (const summary of all) await this.remove(summary.id);
    return all.length;
  }

  private fileFor(id: string): string {
    if (!conversationIdSchema.safeParse(id).success) throw new Error('Not a conversation id.');
    return join(this.directory, `${id}.jsonl`);
  }
}

export function parseConversation(id: string, text: string): StoredConversation {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const entries: HistoryEntry[] = [];
  let skippedLines = 0;
  let startedAt: number | null = null;
  for (const [index, line] of lines.entries()) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skippedLines++;
      continue;
    }
    if (index === 0 && isHeader(value)) {
      startedAt = typeof value.startedAt === 'number' ? value.startedAt : null;
      continue;
    }
    const parsed = historyEntrySchema.safeParse(value);
    if (parsed.success) entries.push(parsed.data);
    else skippedLines++;
  }
  const first = entries[0]?.at ?? 0;
  return {
    summary: {
      id,
      title: titleOf(entries),
      startedAt: startedAt ?? first,
      updatedAt: entries.at(-1)?.at ?? startedAt ?? first,
      entries: entries.length,
    },
    entries,
    skippedLines,
  };
}

function isHeader(value: unknown): value is { kind: string; startedAt?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === HEADER_KIND
  );
}

/** The first thing the user said, shortened: what they will recognise in a list. */
export function titleOf(entries: HistoryEntry[]): string {
  const first = entries.find((e) => e.role === 'user' && e.text.trim());
  if (!first) return 'Conversation';
  const line = first.text.replace(/\s+/g, ' ').trim();
  return line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS - 1)}…` : line;
}
