import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MEMORY_MAX_ENTRIES, memoryEntrySchema, type MemoryEntry } from '../../../shared/memory';
import { readSmallFile } from '../../files/small-file';
import { writeFileAtomic } from '../history/atomic-write';

/** What is kept: the off switch and the entries. */
export interface MemoryContent {
  enabled: boolean;
  entries: MemoryEntry[];
}

/** Where the memory is kept: a file in the user-data folder, or in memory (tests, the preview). */
export interface MemoryFile {
  /** The stored memory; a damaged file gives what could be read and says so in `problem`. */
  load(): { content: MemoryContent; problem: string | null };
  save(content: MemoryContent): Promise<void>;
}

const KIND = 'hark-memory';
/** 50 entries of 300 characters, with their fields, fit many times over. */
const MAX_FILE_BYTES = 256 * 1024;

export const emptyMemory = (): MemoryContent => ({ enabled: true, entries: [] });

/**
 * The memory as one JSON file (mode 0600) in the user-data folder, rewritten atomically on
 * each change (a temporary file beside it, flushed, renamed over): a crash mid-write leaves
 * the previous memory or the new one, never half. A damaged file is set aside, not lost.
 */
export class JsonMemoryFile implements MemoryFile {
  constructor(private readonly path: string) {}

  load(): { content: MemoryContent; problem: string | null } {
    let raw: unknown;
    try {
      const bytes = readSmallFile(this.path, MAX_FILE_BYTES);
      if (bytes === null) return { content: emptyMemory(), problem: null };
      raw = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      return { content: emptyMemory(), problem: this.setAside(error) };
    }
    return parseMemory(raw);
  }

  async save(content: MemoryContent): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(
      this.path,
      `${JSON.stringify({ kind: KIND, version: 1, enabled: content.enabled, entries: content.entries }, null, 1)}\n`,
    );
  }

  private setAside(error: unknown): string {
    const aside = `${this.path}.damaged-${Date.now()}`;
    void rename(this.path, aside).catch(() => undefined);
    return `The memory file could not be read (${error instanceof Error ? error.message : String(error)}); it was kept as ${aside} and Hark starts with an empty memory.`;
  }
}

/** Entries that pass the schema are kept (bounded); the rest are counted as a problem. */
export function parseMemory(raw: unknown): { content: MemoryContent; problem: string | null } {
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  if (record.kind !== KIND || !Array.isArray(record.entries))
    return {
      content: emptyMemory(),
      problem: 'The memory file is not one Hark wrote; it was ignored.',
    };
  const entries: MemoryEntry[] = [];
  let skipped = 0;
  for (const candidate of record.entries) {
    const parsed = memoryEntrySchema.safeParse(candidate);
    if (
      parsed.success &&
      entries.length < MEMORY_MAX_ENTRIES &&
      !entries.some((e) => e.id === parsed.data.id)
    )
      entries.push(parsed.data);
    else skipped++;
  }
  return {
    content: { enabled: record.enabled !== false, entries },
    problem: skipped
      ? `${skipped} damaged or extra memory entr${skipped === 1 ? 'y was' : 'ies were'} left out.`
      : null,
  };
}

/** Kept in memory (tests, the web preview, the doctor): the same rules, no disk. */
export class InMemoryMemoryFile implements MemoryFile {
  private stored: string | null = null;
  saves = 0;
  load(): { content: MemoryContent; problem: string | null } {
    return this.stored === null
      ? { content: emptyMemory(), problem: null }
      : parseMemory(JSON.parse(this.stored));
  }
  async save(content: MemoryContent): Promise<void> {
    this.saves++;
    this.stored = JSON.stringify({ kind: KIND, version: 1, ...content });
  }
}
