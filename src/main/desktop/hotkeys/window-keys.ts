import { KEY_CODES, type KeyEventLike } from '../../../shared/chord';

/** The fields of Electron's `before-input-event` Input that matter here. */
export interface WindowInput {
  type: string;
  code: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

const MODIFIERS: Record<string, number> = {
  ControlLeft: 29,
  ControlRight: 3613,
  AltLeft: 56,
  AltRight: 3640,
  ShiftLeft: 42,
  ShiftRight: 54,
  MetaLeft: 3675,
  MetaRight: 3676,
};

/**
 * A key event in Hark's own window, in the hook's terms. The hook misses these on Windows
 * while a window that captures audio has focus (uiohook-napi#54), so main feeds them to the
 * same matcher; a key seen by both is harmless (the matcher ignores a second press).
 */
export function keyEventFromInput(
  input: WindowInput,
): { kind: 'keydown' | 'keyup'; event: KeyEventLike } | null {
  const kind = input.type === 'keyDown' ? 'keydown' : input.type === 'keyUp' ? 'keyup' : null;
  if (!kind) return null;
  const name = input.code.replace(/^Key(?=[A-Z]$)/, '').replace(/^Digit(?=\d$)/, '');
  const keycode = MODIFIERS[input.code] ?? KEY_CODES[name];
  if (keycode === undefined) return null;
  return {
    kind,
    event: {
      keycode,
      ctrlKey: input.control,
      altKey: input.alt,
      shiftKey: input.shift,
      metaKey: input.meta,
    },
  };
}
