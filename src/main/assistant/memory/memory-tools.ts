import { z } from 'zod';
import { MEMORY_MAX_ENTRY_CHARS } from '../../../shared/memory';
import { defineTool, type Tool } from '../tools/tool';
import type { MemoryBook } from './memory-book';

export const MEMORY_TOOL_NAMES = ['remember', 'forget'] as const;

const quote = (text: string): string => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

/**
 * `remember` and `forget`: they run without asking, because each change is shown to the
 * user at once with an Undo (and listed in ✦ → Memory); they are declared only while the
 * memory is on.
 */
export function memoryTools(book: MemoryBook): Tool[] {
  return [
    defineTool({
      name: 'remember',
      description:
        'Keep one short fact about the user for later conversations (a name, a preference, a detail they asked you to remember). Only when the user asks you to remember something, or clearly would want it kept. The user sees each one and can undo it.',
      parameters: z.object({
        fact: z
          .string()
          .min(1)
          .max(MEMORY_MAX_ENTRY_CHARS)
          .describe('One line, in the third person, e.g. "Prefers metric units".'),
      }),
      approval: 'auto',
      describe: ({ fact }) => `Remember “${quote(fact)}”`,
      run: ({ fact }) => {
        const outcome = book.remember(fact, 'model');
        if (!outcome.ok) throw new Error(outcome.error);
        return outcome.change ? 'Remembered.' : 'That was already remembered.';
      },
    }),
    defineTool({
      name: 'forget',
      description:
        'Forget what you were asked to remember: every memory whose text contains the given words. Use it when the user asks you to forget something.',
      parameters: z.object({
        what: z.string().min(1).max(MEMORY_MAX_ENTRY_CHARS).describe('Words the memory contains.'),
      }),
      approval: 'auto',
      describe: ({ what }) => `Forget what mentions “${quote(what)}”`,
      run: ({ what }) => {
        const outcome = book.forget(what, 'model');
        if (!outcome.ok) throw new Error(outcome.error);
        return `Forgot ${outcome.count} memor${outcome.count === 1 ? 'y' : 'ies'}.`;
      },
    }),
  ];
}
