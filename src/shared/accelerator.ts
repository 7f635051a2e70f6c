/**
 * Electron accelerators for the global toggle hotkey ("CommandOrControl+Alt+Shift+H"):
 * parsed against Electron's grammar, written back in one canonical spelling. Pure.
 */
import { KEY_CODES } from './chord';

const MODIFIERS = new Map(
  [
    'Command',
    'Cmd',
    'Control',
    'Ctrl',
    'CommandOrControl',
    'CmdOrCtrl',
    'Alt',
    'Option',
    'AltGr',
    'Shift',
    'Super',
    'Meta',
  ].map((name) => [name.toLowerCase(), name]),
);

/** Key names Electron accepts besides the chord keys (letters, digits, F1–F24, …). */
const EXTRA_KEYS = [
  'Plus',
  'Space',
  'Tab',
  'Capslock',
  'Numlock',
  'Scrolllock',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Enter',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'Esc',
  'VolumeUp',
  'VolumeDown',
  'VolumeMute',
  'MediaNextTrack',
  'MediaPreviousTrack',
  'MediaStop',
  'MediaPlayPause',
  'PrintScreen',
  ...['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => `num${d}`),
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
];
const PUNCTUATION = new Set([...')!@#$%^&*(:;:<_>?~{|}"=,-./`[\\]\'']);
const KEYS = new Map(
  [...Object.keys(KEY_CODES).filter((k) => k !== 'Backquote'), ...EXTRA_KEYS].map((name) => [
    name.toLowerCase(),
    name,
  ]),
);

/** Keys a global shortcut may use without a modifier: ones no one types. */
const STANDALONE = /^F(1[3-9]|2[0-4])$|^Media|^Volume/;

export const MAX_ACCELERATOR_LENGTH = 64;

export class AcceleratorError extends Error {
  override name = 'AcceleratorError';
}

/**
 * The accelerator in canonical spelling, or an AcceleratorError saying what is wrong. A
 * global hotkey needs a modifier (Ctrl, Alt, …) unless its key is one nobody types (F13–F24,
 * media keys): a bare "H" would take the letter from every application.
 */
export function parseAccelerator(text: string): string {
  if (text.length === 0 || text.length > MAX_ACCELERATOR_LENGTH)
    throw new AcceleratorError(
      `An accelerator has 1 to ${MAX_ACCELERATOR_LENGTH} characters, e.g. CommandOrControl+Alt+Shift+H.`,
    );
  // "Ctrl++" names the plus key; split on "+" that separates parts only.
  const parts = text.endsWith('++') ? [...text.slice(0, -2).split('+'), '+'] : text.split('+');
  const modifiers: string[] = [];
  let key: string | null = null;
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) throw new AcceleratorError('An accelerator has no empty parts (e.g. "Ctrl++H").');
    const modifier = MODIFIERS.get(part.toLowerCase());
    if (modifier) {
      if (key !== null)
        throw new AcceleratorError('Modifiers come before the key (e.g. "Alt+Shift+H").');
      if (modifiers.includes(modifier)) throw new AcceleratorError(`"${modifier}" appears twice.`);
      modifiers.push(modifier);
      continue;
    }
    const name =
      part.length === 1 && PUNCTUATION.has(part)
        ? part
        : part === '+'
          ? 'Plus'
          : (KEYS.get(part.toLowerCase()) ?? null);
    if (name === null)
      throw new AcceleratorError(`"${part.slice(0, 20)}" is not a key Electron knows.`);
    if (key !== null) throw new AcceleratorError('An accelerator has one key besides modifiers.');
    key = name;
  }
  if (key === null) throw new AcceleratorError('An accelerator needs a key besides modifiers.');
  if (modifiers.length === 0 && !STANDALONE.test(key))
    throw new AcceleratorError(
      `A global hotkey needs a modifier: "${key}" alone would be taken from every application.`,
    );
  return [...modifiers, key].join('+');
}
