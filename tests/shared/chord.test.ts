import { describe, expect, it } from 'vitest';
import { chordFromEvent, chordLabel, HoldMatcher, parseChord } from '../../src/shared/chord';

const key = (
  keycode: number,
  mods: Partial<{ ctrl: boolean; alt: boolean; shift: boolean; meta: boolean }> = {},
) => ({
  keycode,
  ctrlKey: !!mods.ctrl,
  altKey: !!mods.alt,
  shiftKey: !!mods.shift,
  metaKey: !!mods.meta,
});
const SPACE = 57;
const CTRL = 29;
const ALT_RIGHT = 3640;

describe('chords', () => {
  it('parses and labels', () => {
    expect(parseChord('Ctrl+Alt+Space')).toEqual({
      key: SPACE,
      ctrl: true,
      alt: true,
      shift: false,
      meta: false,
    });
    expect(chordLabel(parseChord('option + cmd + f13'))).toBe('Alt+Meta+F13');
    expect(() => parseChord('Ctrl+Alt')).toThrow(/one key/);
    expect(() => parseChord('Ctrl+Banana')).toThrow(/not a key/);
    expect(() => parseChord('A+B')).toThrow(/one key/);
  });

  it('records the chord a user presses, not a bare modifier', () => {
    expect(chordFromEvent(key(CTRL, { ctrl: true }))).toBeNull();
    expect(chordLabel(chordFromEvent(key(SPACE, { ctrl: true, alt: true }))!)).toBe(
      'Ctrl+Alt+Space',
    );
  });
});

describe('HoldMatcher', () => {
  it('one press and one release, whatever the auto-repeat', () => {
    const m = new HoldMatcher(parseChord('Ctrl+Alt+Space'));
    expect(m.keydown(key(SPACE, { ctrl: true, alt: true }))).toBe('press');
    expect(m.keydown(key(SPACE, { ctrl: true, alt: true }))).toBeNull();
    expect(m.keydown(key(SPACE, { ctrl: true, alt: true }))).toBeNull();
    expect(m.keyup(key(SPACE, { ctrl: true, alt: true }))).toBe('release');
    expect(m.keyup(key(SPACE))).toBeNull();
  });

  it('needs the exact modifiers', () => {
    const m = new HoldMatcher(parseChord('Ctrl+Alt+Space'));
    expect(m.keydown(key(SPACE, { ctrl: true }))).toBeNull();
    expect(m.keydown(key(SPACE, { ctrl: true, alt: true, shift: true }))).toBeNull();
  });

  it('letting go of a modifier first also ends the hold (either side of the keyboard)', () => {
    const m = new HoldMatcher(parseChord('Ctrl+Alt+Space'));
    m.keydown(key(SPACE, { ctrl: true, alt: true }));
    expect(m.keyup(key(ALT_RIGHT, { ctrl: true }))).toBe('release');
  });

  it('a lost key-up can be forced', () => {
    const m = new HoldMatcher(parseChord('F13'));
    m.keydown(key(91));
    expect(m.reset()).toBe('release');
    expect(m.reset()).toBeNull();
  });
});
