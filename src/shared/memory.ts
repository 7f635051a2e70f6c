/**
 * "Remember that": what the user (or the model, with the `remember` tool) asked Hark to keep
 * between conversations. Stored locally, shown in ✦ → Memory, added to a new session's
 * instructions within a budget, sent nowhere else.
 */
import { z } from 'zod';

/** At most this many entries are kept. */
export const MEMORY_MAX_ENTRIES = 50;
/** Each entry is one short fact. */
export const MEMORY_MAX_ENTRY_CHARS = 300;
/** The memory's part of a session's instructions (characters); older entries beyond it are left out. */
export const MEMORY_INSTRUCTIONS_BUDGET_CHARS = 2_000;

const memoryText = z
  .string()
  .trim()
  .min(1, 'Say what to remember.')
  .max(MEMORY_MAX_ENTRY_CHARS, `Keep each memory under ${MEMORY_MAX_ENTRY_CHARS} characters.`)
  .refine((v) => !/\p{Cc}/u.test(v), 'A memory is one line of text.');

export const memoryIdSchema = z.string().regex(/^mem_[a-z0-9]{1,32}$/, 'Not a memory id.');

export const memoryEntrySchema = z.strictObject({
  id: memoryIdSchema,
  text: memoryText,
  /** Milliseconds since the epoch. */
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Who asked: the model through the `remember` tool, or the user in ✦ → Memory. */
  by: z.enum(['model', 'user']),
});
export type MemoryEntry = z.infer<typeof memoryEntrySchema>;

/** What the window asks of the memory (one IPC method; each command validated in main). */
export const memoryCommandSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('list') }),
  z.strictObject({ action: z.literal('add'), text: memoryText }),
  z.strictObject({ action: z.literal('edit'), id: memoryIdSchema, text: memoryText }),
  z.strictObject({ action: z.literal('delete'), id: memoryIdSchema }),
  z.strictObject({ action: z.literal('clear') }),
  z.strictObject({ action: z.literal('undo'), changeId: z.string().max(64) }),
  z.strictObject({ action: z.literal('enable'), enabled: z.boolean() }),
]);
export type MemoryCommand = z.infer<typeof memoryCommandSchema>;

export interface MemoryView {
  enabled: boolean;
  entries: MemoryEntry[];
  maxEntries: number;
  maxEntryChars: number;
  budgetChars: number;
  /** Entries that fit the next session's budget (the newest first). */
  inNextSession: number;
  /** The file could not be read or written (in words), if so. */
  problem: string | null;
}

/** One change, announced with an Undo (a notice in the window). */
export interface MemoryChange {
  changeId: string;
  kind: 'remembered' | 'forgotten' | 'edited' | 'cleared';
  /** The entry as it is now (remembered, edited) or was (forgotten); the first one when cleared. */
  text: string;
  by: 'model' | 'user';
  /** The change was undone (the notice goes away). */
  undone?: boolean;
}

export type MemoryResult =
  { ok: true; memory: MemoryView; change?: MemoryChange } | { ok: false; error: string };
