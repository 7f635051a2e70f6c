import { describe, expect, it } from 'vitest';
import { readPlaybackCommand } from '../../src/shared/audio-port-protocol';

describe('playback commands from the web preview’s audio socket', () => {
  it.each([
    [{ type: 'end' }, { type: 'end' }],
    [{ type: 'clear', extra: 1 }, { type: 'clear' }],
    [
      { type: 'item', itemId: 'a' },
      { type: 'item', itemId: 'a' },
    ],
    [
      { type: 'item', itemId: 'a', maxBufferMs: 50 },
      { type: 'item', itemId: 'a', maxBufferMs: 50 },
    ],
  ])('reads %j', (data, command) => {
    expect(readPlaybackCommand(data)).toEqual(command);
  });

  it.each([
    null,
    'end',
    { type: 'item' },
    { type: 'item', itemId: 1 },
    { type: 'item', itemId: 'a', maxBufferMs: '50' },
    { type: 'item', itemId: 'a', maxBufferMs: Number.NaN },
    { type: 'item', itemId: 'a', maxBufferMs: 0 },
    { type: 'item', itemId: 'a', maxBufferMs: 10_000 },
    { type: 'push' },
  ])('refuses %j', (data) => {
    expect(readPlaybackCommand(data)).toBeNull();
  });
});
