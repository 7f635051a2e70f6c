import { isPlainObject } from '../../../shared/settings-schema';
import { memoryCommandSchema, type MemoryResult } from '../../../shared/memory';
import type { MemoryBook } from './memory-book';

/**
 * The window's memory commands, validated here (main) before they touch the book. Says
 * whether the next session's instructions or tools changed (the switch was flipped).
 */
export function runMemoryCommand(
  book: MemoryBook,
  raw: unknown,
): { result: MemoryResult; switched: boolean } {
  const parsed = memoryCommandSchema.safeParse(raw);
  if (!parsed.success || !isPlainObject(raw))
    return {
      result: {
        ok: false,
        error: parsed.success
          ? 'A memory command must be an object.'
          : parsed.error.issues.map((i) => i.message).join('; '),
      },
      switched: false,
    };
  const command = parsed.data;
  const wasOn = book.enabled;
  let outcome;
  switch (command.action) {
    case 'list':
      outcome = { ok: true as const, change: null };
      break;
    case 'add':
      outcome = book.remember(command.text, 'user');
      break;
    case 'edit':
      outcome = book.edit(command.id, command.text);
      break;
    case 'delete':
      outcome = book.delete(command.id);
      break;
    case 'clear':
      outcome = book.clear();
      break;
    case 'undo':
      outcome = book.undo(command.changeId);
      break;
    case 'enable':
      book.setEnabled(command.enabled);
      outcome = { ok: true as const, change: null };
      break;
  }
  const result: MemoryResult = outcome.ok
    ? { ok: true, memory: book.view(), ...(outcome.change ? { change: outcome.change } : {}) }
    : { ok: false, error: outcome.error };
  return { result, switched: wasOn !== book.enabled };
}
