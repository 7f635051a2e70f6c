import { describe, expect, it } from 'vitest';
import { KEY_CODES, HoldMatcher, parseChord } from '../../../../src/shared/chord';
import { keyEventFromInput } from '../../../../src/main/desktop/hotkeys/window-keys';

const input = (
  type: string,
  code: string,
  mods: Partial<Record<'control' | 'alt' | 'shift' | 'meta', boolean>> = {},
) => ({
  type,
  code,
  control: false,
  alt: false,
  shift: false,
  meta: false,
  ...mods,
});

describe('keyEventFromInput', () => {
  it("turns the window's key events into the hook's key codes", () => {
    expect(keyEventFromInput(input('keyDown', 'Space', { control: true, alt: true }))).toEqual({
      kind: 'keydown',
      event: {
        keycode: KEY_CODES.Space,
        ctrlKey: true,
        altKey: true,
        shiftKey: false,
        metaKey: false,
      },
    });
    expect(keyEventFromInput(input('keyUp', 'KeyH'))?.event.keycode).toBe(KEY_CODES.H);
    expect(keyEventFromInput(input('keyDown', 'Digit7'))?.event.keycode).toBe(KEY_CODES['7']);
    expect(keyEventFromInput(input('keyDown', 'F13'))?.event.keycode).toBe(KEY_CODES.F13);
    expect(keyEventFromInput(input('keyUp', 'AltRight'))?.event.keycode).toBe(3640);
    expect(keyEventFromInput(input('char', 'KeyH'))).toBeNull();
    expect(keyEventFromInput(input('keyDown', 'NumpadMultiply'))).toBeNull();
  });

  it('a hold in the window ends when one of its modifiers is let go', () => {
    const matcher = new HoldMatcher(parseChord('Ctrl+Alt+Space'));
    const down = keyEventFromInput(input('keyDown', 'Space', { control: true, alt: true }))!;
    const up = keyEventFromInput(input('keyUp', 'ControlLeft', { alt: true }))!;
    expect(matcher.keydown(down.event)).toBe('press');
    expect(matcher.keyup(up.event)).toBe('release');
  });
});
