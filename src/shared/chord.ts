/**
 * Key chords for the global hold-to-talk key, in uiohook key codes. Pure: parsing,
 * labels, matching with auto-repeat, and recording the chord a user presses.
 */
export interface Chord {
  key: number;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

export interface KeyEventLike {
  keycode: number;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/** uiohook key codes (a subset of uiohook-napi's UiohookKey, kept here so this stays pure). */
export const KEY_CODES: Record<string, number> = {
  Space: 57,
  Enter: 28,
  Tab: 15,
  Backquote: 41,
  F1: 59,
  F2: 60,
  F3: 61,
  F4: 62,
  F5: 63,
  F6: 64,
  F7: 65,
  F8: 66,
  F9: 67,
  F10: 68,
  F11: 87,
  F12: 88,
  F13: 91,
  F14: 92,
  F15: 93,
  F16: 99,
  F17: 100,
  F18: 101,
  F19: 102,
  F20: 103,
  F21: 104,
  F22: 105,
  F23: 106,
  F24: 107,
  A: 30,
  B: 48,
  C: 46,
  D: 32,
  E: 18,
  F: 33,
  G: 34,
  H: 35,
  I: 23,
  J: 36,
  K: 37,
  L: 38,
  M: 50,
  N: 49,
  O: 24,
  P: 25,
  Q: 16,
  R: 19,
  S: 31,
  T: 20,
  U: 22,
  V: 47,
  W: 17,
  X: 45,
  Y: 21,
  Z: 44,
  '0': 11,
  '1': 2,
  '2': 3,
  '3': 4,
  '4': 5,
  '5': 6,
  '6': 7,
  '7': 8,
  '8': 9,
  '9': 10,
  ScrollLock: 70,
  Insert: 3666,
  Home: 3655,
  End: 3663,
  PageUp: 3657,
  PageDown: 3665,
};

const MODIFIER_CODES: Record<number, keyof Omit<Chord, 'key'>> = {
  29: 'ctrl',
  3613: 'ctrl',
  56: 'alt',
  3640: 'alt',
  42: 'shift',
  54: 'shift',
  3675: 'meta',
  3676: 'meta',
};

const BY_LOWER_NAME = new Map(
  Object.entries(KEY_CODES).map(([name, code]) => [name.toLowerCase(), code]),
);
const NAMES = new Map(Object.entries(KEY_CODES).map(([name, code]) => [code, name]));

/** The default: unlikely to collide with common shortcuts on any platform. */
export const DEFAULT_HOLD_CHORD = 'Ctrl+Alt+Space';
/** Electron accelerator for the toggle hotkey (press to talk, press again to send). */
export const DEFAULT_TOGGLE_ACCELERATOR = 'CommandOrControl+Alt+Shift+H';

export class ChordError extends Error {
  override name = 'ChordError';
}

export function parseChord(text: string): Chord {
  const parts = text
    .split('+')
    .map((p) => p.trim())
    .filter(Boolean);
  const chord: Chord = { key: -1, ctrl: false, alt: false, shift: false, meta: false };
  for (const part of parts) {
    const lower = part.toLowerCase();
    if (lower === 'ctrl' || lower === 'control') chord.ctrl = true;
    else if (lower === 'alt' || lower === 'option') chord.alt = true;
    else if (lower === 'shift') chord.shift = true;
    else if (
      lower === 'meta' ||
      lower === 'cmd' ||
      lower === 'command' ||
      lower === 'super' ||
      lower === 'win'
    )
      chord.meta = true;
    else {
      const code = BY_LOWER_NAME.get(part.toLowerCase());
      if (code === undefined)
        throw new ChordError(`"${part}" is not a key Hark can use for hold-to-talk.`);
      if (chord.key !== -1) throw new ChordError('A chord has one key besides its modifiers.');
      chord.key = code;
    }
  }
  if (chord.key === -1) throw new ChordError('A chord needs one key besides its modifiers.');
  return chord;
}

export function chordLabel(chord: Chord): string {
  const parts: string[] = [];
  if (chord.ctrl) parts.push('Ctrl');
  if (chord.alt) parts.push('Alt');
  if (chord.shift) parts.push('Shift');
  if (chord.meta) parts.push('Meta');
  parts.push(NAMES.get(chord.key) ?? `Key${chord.key}`);
  return parts.join('+');
}

/** The same chord as an Electron accelerator (for globalShortcut). */
export function chordAccelerator(chord: Chord): string {
  return chordLabel(chord).replace(/Backquote$/, '`');
}

/** The chord a key-down makes, for the "press the key you want" recorder; null for a bare modifier. */
export function chordFromEvent(event: KeyEventLike): Chord | null {
  if (MODIFIER_CODES[event.keycode] || !NAMES.has(event.keycode)) return null;
  return {
    key: event.keycode,
    ctrl: event.ctrlKey,
    alt: event.altKey,
    shift: event.shiftKey,
    meta: event.metaKey,
  };
}

export type HoldEvent = 'press' | 'release' | null;

/**
 * Turns raw key-downs and key-ups into one press and one release: auto-repeat is ignored,
 * and letting go of the key or of any of its modifiers ends the hold.
 */
export class HoldMatcher {
  private held = false;

  constructor(private chord: Chord) {}

  get isHeld(): boolean {
    return this.held;
  }

  setChord(chord: Chord): void {
    this.chord = chord;
    this.held = false;
  }

  keydown(event: KeyEventLike): HoldEvent {
    if (this.held) return null; // auto-repeat
    const c = this.chord;
    const matches =
      event.keycode === c.key &&
      event.ctrlKey === c.ctrl &&
      event.altKey === c.alt &&
      event.shiftKey === c.shift &&
      event.metaKey === c.meta;
    if (!matches) return null;
    this.held = true;
    return 'press';
  }

  keyup(event: KeyEventLike): HoldEvent {
    if (!this.held) return null;
    const modifier = MODIFIER_CODES[event.keycode];
    if (event.keycode === this.chord.key || (modifier && this.chord[modifier])) {
      this.held = false;
      return 'release';
    }
    return null;
  }

  /** Forget a hold whose key-up was lost (the hook stopped, the machine slept). */
  reset(): HoldEvent {
    if (!this.held) return null;
    this.held = false;
    return 'release';
  }
}
