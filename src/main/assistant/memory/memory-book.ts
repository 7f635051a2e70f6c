import { randomBytes } from 'node:crypto';
import { Emitter } from '../../../shared/emitter';
import {
  MEMORY_INSTRUCTIONS_BUDGET_CHARS,
  MEMORY_MAX_ENTRIES,
  MEMORY_MAX_ENTRY_CHARS,
  type MemoryChange,
  type MemoryEntry,
  type MemoryView,
} from '../../../shared/memory';
import type { MemoryContent, MemoryFile } from './memory-file';

/** How many recent changes can still be undone. */
const UNDO_DEPTH = 20;

export const MEMORY_HEADING =
  'Things the user asked you to remember (from earlier conversations; use them when they help, do not recite them unprompted):';

export type MemoryOutcome =
  { ok: true; change: MemoryChange | null } | { ok: false; error: string };

interface Undoable {
  change: MemoryChange;
  /** Entries as they were before the change (removed or overwritten). */
  before: MemoryEntry[];
  /** Entries as the change left them (added or rewritten). */
  after: MemoryEntry[];
}

interface BookEvents extends Record<string, unknown> {
  /** The entries or the switch changed (the view), with the change to announce, if any. */
  update: { memory: MemoryView; change?: MemoryChange };
}

/**
 * The memory the user can see: bounded entries, each change announced with an Undo, saved
 * after each change (saves are serialized; a failing disk is reported, the memory kept).
 */
export class MemoryBook extends Emitter<BookEvents> {
  private content: MemoryContent;
  private problem: string | null;
  private readonly undoable: Undoable[] = [];
  private saving: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(
    private readonly file: MemoryFile,
    options: { now?: () => number } = {},
  ) {
    super();
    this.now = options.now ?? Date.now;
    const loaded = file.load();
    this.content = loaded.content;
    this.problem = loaded.problem;
  }

  get enabled(): boolean {
    return this.content.enabled;
  }

  get entries(): readonly MemoryEntry[] {
    return this.content.entries;
  }

  view(): MemoryView {
    return {
      enabled: this.content.enabled,
      entries: structuredClone(this.content.entries),
      maxEntries: MEMORY_MAX_ENTRIES,
      maxEntryChars: MEMORY_MAX_ENTRY_CHARS,
      budgetChars: MEMORY_INSTRUCTIONS_BUDGET_CHARS,
      inNextSession: this.content.enabled ? fitting(this.content.entries).length : 0,
      problem: this.problem,
    };
  }

  /** Keep a fact; the same fact again only refreshes it. */
  remember(text: string, by: 'model' | 'user'): MemoryOutcome {
    const fact = text.trim();
    if (!this.content.enabled) return { ok: false, error: 'Memory is turned off (✦ → Memory).' };
    const same = this.content.entries.find((e) => e.text.toLowerCase() === fact.toLowerCase());
    if (same) return { ok: true, change: null };
    if (this.content.entries.length >= MEMORY_MAX_ENTRIES)
      return {
        ok: false,
        error: `The memory is full (${MEMORY_MAX_ENTRIES} entries). Ask the user to delete some in ✦ → Memory.`,
      };
    const at = this.now();
    const entry: MemoryEntry = { id: newMemoryId(), text: fact, createdAt: at, updatedAt: at, by };
    return this.apply('remembered', by, [], [entry]);
  }

  /** Forget the entries whose text contains `what` (case-insensitive). */
  forget(what: string, by: 'model' | 'user'): MemoryOutcome & { count?: number } {
    const needle = what.trim().toLowerCase();
    const gone = this.content.entries.filter(
      (e) => needle.length > 0 && e.text.toLowerCase().includes(needle),
    );
    if (gone.length === 0) return { ok: false, error: `Nothing in the memory matches “${what}”.` };
    return { ...this.apply('forgotten', by, gone, []), count: gone.length };
  }

  delete(id: string): MemoryOutcome {
    const entry = this.content.entries.find((e) => e.id === id);
    if (!entry) return { ok: false, error: 'That memory is no longer there.' };
    return this.apply('forgotten', 'user', [entry], []);
  }

  edit(id: string, text: string): MemoryOutcome {
    const entry = this.content.entries.find((e) => e.id === id);
    if (!entry) return { ok: false, error: 'That memory is no longer there.' };
    if (entry.text === text.trim()) return { ok: true, change: null };
    return this.apply(
      'edited',
      'user',
      [entry],
      [{ ...entry, text: text.trim(), updatedAt: this.now(), by: 'user' }],
    );
  }

  clear(): MemoryOutcome {
    if (this.content.entries.length === 0) return { ok: true, change: null };
    return this.apply('cleared', 'user', [...this.content.entries], []);
  }

  setEnabled(enabled: boolean): void {
    if (this.content.enabled === enabled) return;
    this.content = { ...this.content, enabled };
    this.persist();
    this.emit('update', { memory: this.view() });
  }

  /** Put back what one change did, if nothing since has touched those entries. */
  undo(changeId: string): MemoryOutcome {
    const index = this.undoable.findIndex((u) => u.change.changeId === changeId);
    if (index < 0) return { ok: false, error: 'That change can no longer be undone.' };
    const [done] = this.undoable.splice(index, 1) as [Undoable];
    const current = new Map(this.content.entries.map((e) => [e.id, e]));
    for (const entry of done.after) {
      // Only if it is still as the change left it: a later edit is not silently lost.
      if (current.get(entry.id)?.updatedAt === entry.updatedAt) current.delete(entry.id);
    }
    for (const entry of done.before) if (!current.has(entry.id)) current.set(entry.id, entry);
    if (current.size > MEMORY_MAX_ENTRIES)
      return { ok: false, error: 'The memory is full: delete an entry first.' };
    this.content = {
      ...this.content,
      entries: [...current.values()].sort((a, b) => a.createdAt - b.createdAt),
    };
    this.persist();
    const change = { ...done.change, undone: true };
    this.emit('update', { memory: this.view(), change });
    return { ok: true, change };
  }

  /** The session's instructions with the memory added (within the budget), or as they are. */
  instructions(base: string): string {
    if (!this.content.enabled) return base;
    const kept = fitting(this.content.entries);
    if (kept.length === 0) return base;
    return `${base}\n\n${MEMORY_HEADING}\n${kept.map((e) => `- ${e.text}`).join('\n')}`;
  }

  /** Saves still under way (tests, quitting). */
  flush(): Promise<void> {
    return this.saving;
  }

  private apply(
    kind: MemoryChange['kind'],
    by: 'model' | 'user',
    before: MemoryEntry[],
    after: MemoryEntry[],
  ): MemoryOutcome {
    const removed = new Set(before.map((e) => e.id));
    const kept = this.content.entries.filter((e) => !removed.has(e.id));
    const entries = [...kept, ...after].sort((a, b) => a.createdAt - b.createdAt);
    this.content = { ...this.content, entries };
    const change: MemoryChange = {
      changeId: `chg_${randomBytes(6).toString('hex')}`,
      kind,
      text: (after[0] ?? before[0])?.text ?? '',
      by,
    };
    if (kind === 'forgotten' && before.length > 1) change.text = `${before.length} entries`;
    if (kind === 'cleared')
      change.text = `${before.length} entr${before.length === 1 ? 'y' : 'ies'}`;
    this.undoable.push({ change, before, after });
    if (this.undoable.length > UNDO_DEPTH) this.undoable.shift();
    this.persist();
    this.emit('update', { memory: this.view(), change });
    return { ok: true, change };
  }

  private persist(): void {
    const snapshot = structuredClone(this.content);
    this.saving = this.saving
      .then(() => this.file.save(snapshot))
      .then(
        () => {
          if (this.problem?.startsWith('The memory could not be saved')) this.problem = null;
        },
        (error: unknown) => {
          this.problem = `The memory could not be saved (${error instanceof Error ? error.message : String(error)}); it is kept while Hark runs.`;
          this.emit('update', { memory: this.view() });
        },
      );
  }
}

/** The newest entries whose lines fit the budget, in the order they were made. */
function fitting(entries: readonly MemoryEntry[]): MemoryEntry[] {
  let left = MEMORY_INSTRUCTIONS_BUDGET_CHARS - MEMORY_HEADING.length - 1;
  const kept: MemoryEntry[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const cost = entries[i]!.text.length + 3; // "- " and the newline
    if (cost > left) break;
    left -= cost;
    kept.unshift(entries[i]!);
  }
  return kept;
}

function newMemoryId(): string {
  return `mem_${randomBytes(8).toString('hex')}`;
}
