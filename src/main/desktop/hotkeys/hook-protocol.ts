import { z } from 'zod';
import type { KeyEventLike } from '../../../shared/chord';

/**
 * The messages between main and the keyboard-hook process. Main checks every message the
 * child sends: the child runs a native module that may be in any state.
 */
const keyEvent = z.object({
  keycode: z.number().int().nonnegative(),
  ctrlKey: z.boolean(),
  altKey: z.boolean(),
  shiftKey: z.boolean(),
  metaKey: z.boolean(),
});

const childMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started') }),
  z.object({ type: z.literal('failed'), message: z.string().max(2000) }),
  z.object({ type: z.literal('pong'), id: z.number().int() }),
  z.object({ type: z.enum(['keydown', 'keyup']), event: keyEvent }),
]);

export type HookChildMessage = z.infer<typeof childMessage>;
export type HookParentMessage = { type: 'ping'; id: number } | { type: 'stop' };

/** The child's message, or null for anything else (logged by the caller, never trusted). */
export function parseChildMessage(value: unknown): HookChildMessage | null {
  const parsed = childMessage.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function isParentMessage(value: unknown): value is HookParentMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { type, id } = value as { type?: unknown; id?: unknown };
  return type === 'stop' || (type === 'ping' && typeof id === 'number');
}

export function keyEventOf(event: KeyEventLike): KeyEventLike {
  // Only the fields the matcher reads cross the process boundary.
  const { keycode, ctrlKey, altKey, shiftKey, metaKey } = event;
  return { keycode, ctrlKey, altKey, shiftKey, metaKey };
}
