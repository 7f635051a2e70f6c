import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  parseChildMessage,
  parseParentMessage,
  tapKeys,
} from '../../../../src/main/desktop/hotkeys/hook-protocol';

describe('the hook protocol', () => {
  it('the child accepts ping, stop and a keyTap of a named chord from main', () => {
    expect(parseParentMessage({ type: 'ping', id: 3 })).toEqual({ type: 'ping', id: 3 });
    expect(parseParentMessage({ type: 'stop' })).toEqual({ type: 'stop' });
    expect(parseParentMessage({ type: 'keyTap', id: 7, chord: 'paste', notAfter: 5 })).toEqual({
      type: 'keyTap',
      id: 7,
      chord: 'paste',
      notAfter: 5,
    });
  });

  it('the child refuses keyTaps of anything but a named chord, and malformed messages', () => {
    for (const bad of [
      { type: 'keyTap', id: 1, chord: 'paste' }, // no deadline: a tap must carry one
      { type: 'keyTap', id: 1, chord: 'paste', notAfter: 'later' },
      { type: 'keyTap', id: 1, chord: 'selectAll', notAfter: 5 },
      { type: 'keyTap', id: 1, key: 47, modifiers: [29] },
      { type: 'keyTap', id: 1 },
      { type: 'keyTap', chord: 'paste' },
      { type: 'keyTap', id: -1, chord: 'paste' },
      { type: 'keyTap', id: 1.5, chord: 'paste' },
      { type: 'keyTap', id: '1', chord: 'paste' },
      { type: 'keyToggle', id: 1, chord: 'paste' },
      { type: 'ping' },
      'keyTap',
      null,
      42,
    ])
      expect(parseParentMessage(bad), JSON.stringify(bad)).toBeNull();
    // Extra fields never reach the child's code: only the named chord is pressed.
    expect(
      parseParentMessage({ type: 'keyTap', id: 1, chord: 'paste', notAfter: 5, key: 30 }),
    ).toEqual({ type: 'keyTap', id: 1, chord: 'paste', notAfter: 5 });
  });

  it('main accepts a keyTapped answer with or without an error, and nothing malformed', () => {
    expect(parseChildMessage({ type: 'keyTapped', id: 2 })).toEqual({ type: 'keyTapped', id: 2 });
    expect(parseChildMessage({ type: 'keyTapped', id: 2, error: 'no XTest' })).toEqual({
      type: 'keyTapped',
      id: 2,
      error: 'no XTest',
    });
    expect(parseChildMessage({ type: 'keyTapped' })).toBeNull();
    expect(parseChildMessage({ type: 'keyTapped', id: 2, error: 5 })).toBeNull();
    expect(parseChildMessage({ type: 'keyTapped', id: 2, error: 'x'.repeat(2001) })).toBeNull();
  });

  it('paste is Cmd+V on macOS and Ctrl+V on Windows and Linux', () => {
    expect(tapKeys('paste', 'darwin')).toEqual({ key: 47, modifiers: [3675] });
    expect(tapKeys('paste', 'win32')).toEqual({ key: 47, modifiers: [29] });
    expect(tapKeys('paste', 'linux')).toEqual({ key: 47, modifiers: [29] });
  });

  it("the key codes are uiohook-napi's own (read from its source, without loading the native module)", () => {
    const source = readFileSync(
      createRequire(import.meta.url).resolve('uiohook-napi/dist/index.js'),
      'utf8',
    );
    const code = (name: string): number =>
      Number(new RegExp(`\\n\\s+${name}: (0x[0-9A-Fa-f]+|\\d+)`).exec(source)![1]);
    expect(tapKeys('paste', 'linux')).toEqual({ key: code('V'), modifiers: [code('Ctrl')] });
    expect(tapKeys('paste', 'darwin').modifiers).toEqual([code('Meta')]);
  });
});
