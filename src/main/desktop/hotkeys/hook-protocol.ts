import { z } from 'zod';
import { KEY_CODES, type KeyEventLike } from '../../../shared/chord';

/**
 * The messages between main and the keyboard-hook process, checked on both sides: main
 * checks the child (it runs a native module that may be in any state), the child checks
 * main (a message it cannot read is dropped, never half-acted on).
 */
const keyEvent = z.object({
  keycode: z.number().int().nonnegative(),
  ctrlKey: z.boolean(),
  altKey: z.boolean(),
  shiftKey: z.boolean(),
  metaKey: z.boolean(),
});

const messageId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const childMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started') }),
  z.object({ type: z.literal('failed'), message: z.string().max(2000) }),
  z.object({ type: z.literal('pong'), id: messageId }),
  z.object({ type: z.enum(['keydown', 'keyup']), event: keyEvent }),
  /** The answer to a keyTap: no error means the keys were pressed. */
  z.object({ type: z.literal('keyTapped'), id: messageId, error: z.string().max(2000).optional() }),
]);

/**
 * The chords main may ask the child to press. Only named chords, never raw key codes: the
 * one thing the hook process types on main's behalf is the platform's paste.
 */
export const TAP_CHORDS = ['paste'] as const;
export type TapChord = (typeof TAP_CHORDS)[number];

const parentMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping'), id: messageId }),
  z.object({ type: z.literal('stop') }),
  z.object({
    type: z.literal('keyTap'),
    id: messageId,
    chord: z.enum(TAP_CHORDS),
    /** Epoch ms after which main no longer waits: a late tap must not press anything. */
    notAfter: z.number().int().positive(),
  }),
]);

export type HookChildMessage = z.infer<typeof childMessage>;
export type HookParentMessage = z.infer<typeof parentMessage>;

/** The child's message, or null for anything else (logged by the caller, never trusted). */
export function parseChildMessage(value: unknown): HookChildMessage | null {
  const parsed = childMessage.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Main's message as the child reads it, or null for anything else (ignored). */
export function parseParentMessage(value: unknown): HookParentMessage | null {
  const parsed = parentMessage.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function keyEventOf(event: KeyEventLike): KeyEventLike {
  // Only the fields the matcher reads cross the process boundary.
  const { keycode, ctrlKey, altKey, shiftKey, metaKey } = event;
  return { keycode, ctrlKey, altKey, shiftKey, metaKey };
}

/** uiohook key codes of the modifiers (UiohookKey.Ctrl and UiohookKey.Meta). */
const CTRL = 29;
const META = 3675;

/** The keys of a chord for uiohook's keyTap(key, modifiers): Cmd+V on macOS, Ctrl+V elsewhere. */
export function tapKeys(
  chord: TapChord,
  platform: NodeJS.Platform,
): { key: number; modifiers: number[] } {
  switch (chord) {
    case 'paste':
      return { key: KEY_CODES.V!, modifiers: [platform === 'darwin' ? META : CTRL] };
  }
}
