import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import type { ImageFacts } from '../../../shared/image-attachment';
import { join } from 'node:path';
import {
  conversationIdSchema,
  historyEntrySchema,
  type ConversationSummary,
  type HistoryEntry,
} from '../../../shared/assistant';
import { writeFileAtomic } from './atomic-write';
import { readBounded } from './bounded-read';

export interface StoredConversation {
  summary: ConversationSummary;
  entries: HistoryEntry[];
  /** Lines that could not be read (a damaged file keeps what it can). */
  skippedLines: number;
  /** Timestamps that were not a plausible time (1e300, negative…), replaced by the file's time. */
  repairedTimestamps: number;
}

/** Where conversations are kept: on disk (HistoryStore) or in memory (tests, the web preview). */
export type ConversationStore = Pick<
  HistoryStore,
  'save' | 'load' | 'list' | 'remove' | 'clear' | 'saveImage' | 'loadImage'
>;

const HEADER_KIND = 'hark-conversation';
const MAX_ENTRIES = 5_000;
/** A conversation file larger than this is not one Hark wrote (5,000 entries fit easily). */
const MAX_FILE_BYTES = 32 * 1024 * 1024;
const TITLE_CHARS = 60;
/** A kept image is at most what Hark sends (720 KB); more is not one Hark wrote. */
const MAX_IMAGE_FILE_BYTES = 1024 * 1024;
/** The header line is read alone when listing; Hark's is a few hundred bytes. */
const HEADER_BYTES = 4 * 1024;
/** A file without a usable header is parsed whole for the list only up to this size. */
const MAX_HEADERLESS_LIST_BYTES = 256 * 1024;
/** Earliest plausible time of a conversation (2020-01-01); later than the file's time + a day is not either. */
const EARLIEST_PLAUSIBLE = Date.UTC(2020, 0, 1);
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

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
    // Bounded, checked and read off the event loop: a FIFO, a device or a huge file in the
    // folder must not hang main or flood the history list (it is refused like a damaged file).
    const file = await readBounded(this.fileFor(id), MAX_FILE_BYTES, true);
    return file && parseConversation(id, file.bytes.toString('utf8'), file.mtimeMs);
  }

  /**
   * Newest first. Reads each file's header line only (every save rewrites it with the
   * summary), asynchronously, so 400 conversations list without a long task on main.
   */
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
      const summary = await this.summaryOf(id).catch(() => null);
      if (summary && summary.entries > 0) summaries.push(summary);
    }
    return summaries.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  private async summaryOf(id: string): Promise<ConversationSummary | null> {
    const head = await readBounded(this.fileFor(id), HEADER_BYTES, false);
    if (!head) return null;
    const text = head.bytes.toString('utf8');
    const newline = text.indexOf('\n');
    const header = headerSummary(id, newline < 0 ? '' : text.slice(0, newline), head.mtimeMs);
    if (header) return header;
    // No usable header (damaged, or not Hark's): a small file is read whole, a large one skipped.
    const whole = await readBounded(this.fileFor(id), MAX_HEADERLESS_LIST_BYTES, true);
    return whole && parseConversation(id, whole.bytes.toString('utf8'), whole.mtimeMs).summary;
  }

  async remove(id: string): Promise<void> {
    await rm(this.fileFor(id), { force: true });
    await rm(this.imagesFor(id), { recursive: true, force: true });
  }

  /** An image the user sent, kept beside its conversation (0600) until the conversation is deleted. */
  async saveImage(id: string, image: ImageFacts, bytes: Uint8Array): Promise<void> {
    const folder = this.imagesFor(id);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await writeFileAtomic(join(folder, imageName(image.sha256, image.format)), bytes);
  }

  /**
   * A kept image's bytes, or null when it was not kept (history was off), is gone, or is no
   * longer the image that was sent (its bytes do not hash to its name: changed or replaced).
   */
  async loadImage(
    id: string,
    image: Pick<ImageFacts, 'sha256' | 'format'>,
  ): Promise<Buffer | null> {
    const file = await readBounded(
      join(this.imagesFor(id), imageName(image.sha256, image.format)),
      MAX_IMAGE_FILE_BYTES,
      true,
    );
    if (!file) return null;
    return createHash('sha256').update(file.bytes).digest('hex') === image.sha256
      ? file.bytes
      : null;
  }

  private imagesFor(id: string): string {
    if (!conversationIdSchema.safeParse(id).success) throw new Error('Not a conversation id.');
    return join(this.directory, `${id}.images`);
  }

  /**
   * Every conversation goes; the count is of those the list showed. Also what the list
   * skips: a damaged or empty conversation, an images folder whose conversation file is
   * missing (it was never written, or was lost), a temporary file a crash left.
   */
  async clear(): Promise<number> {
    const all = await this.list();
    for (const summary of all) await this.remove(summary.id);
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return all.length;
      throw error;
    }
    for (const name of names)
      if (LEFTOVER.test(name))
        await rm(join(this.directory, name), { recursive: true, force: true });
    return all.length;
  }

  private fileFor(id: string): string {
    if (!conversationIdSchema.safeParse(id).success) throw new Error('Not a conversation id.');
    return join(this.directory, `${id}.jsonl`);
  }
}

/** What Hark writes in the folder: `<id>.jsonl`, `<id>.images/`, and their temporary files. */
const LEFTOVER = /^conv_[0-9]{13}_[0-9a-f]{8}\.(jsonl|images)(\.[0-9a-f]{12}\.tmp)?$/;

/** A kept image's file name: its hash (checked) and format. */
function imageName(sha256: string, format: ImageFacts['format']): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('Not an image hash.');
  return `${sha256}.${format === 'png' ? 'png' : 'jpg'}`;
}

/** `at` when it is a plausible time for a file last written at `fileTime`; else null. */
export function plausibleTime(at: unknown, fileTime: number): number | null {
  return typeof at === 'number' &&
    Number.isFinite(at) &&
    at >= EARLIEST_PLAUSIBLE &&
    at <= Math.max(fileTime, EARLIEST_PLAUSIBLE) + FUTURE_SLACK_MS
    ? at
    : null;
}

/** The summary a header line carries, when it is Hark's and its times are plausible. */
function headerSummary(id: string, line: string, fileTime: number): ConversationSummary | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isHeader(value)) return null;
  const header = value as Record<string, unknown>;
  const startedAt = plausibleTime(header.startedAt, fileTime);
  const updatedAt = plausibleTime(header.updatedAt, fileTime);
  const entries = header.entries;
  if (typeof header.title !== 'string' || typeof entries !== 'number') return null;
  if (!Number.isSafeInteger(entries) || entries < 0 || entries > MAX_ENTRIES) return null;
  return {
    id,
    title: header.title.slice(0, TITLE_CHARS),
    startedAt: startedAt ?? fileTime,
    updatedAt: updatedAt ?? fileTime,
    entries,
  };
}

/**
 * A conversation file's text. `fileTime` (its modification time) stands in for any time in
 * it that is not plausible — counted in `repairedTimestamps` — so sorting, listing and the
 * Markdown export never meet 1e300 or a negative date.
 */
export function parseConversation(
  id: string,
  text: string,
  fileTime = Date.now(),
): StoredConversation {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const entries: HistoryEntry[] = [];
  let skippedLines = 0;
  let repairedTimestamps = 0;
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
      startedAt = plausibleTime(value.startedAt, fileTime);
      if (value.startedAt !== undefined && startedAt === null) repairedTimestamps++;
      continue;
    }
    const parsed = historyEntrySchema.safeParse(value);
    if (!parsed.success) {
      skippedLines++;
      continue;
    }
    const at = plausibleTime(parsed.data.at, fileTime);
    if (at === null) repairedTimestamps++;
    entries.push(at === null ? { ...parsed.data, at: fileTime } : parsed.data);
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
    repairedTimestamps,
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
