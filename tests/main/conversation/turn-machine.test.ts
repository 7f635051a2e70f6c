import { describe, expect, it } from 'vitest';
import {
  MAX_TURN_MS,
  truncationFor,
  TurnMachine,
  type TurnEffect,
} from '../../../src/main/conversation/turn-machine';

const types = (effects: TurnEffect[]) => effects.map((e) => e.type);

function talked(machine: TurnMachine, ms: number): void {
  machine.audioCaptured(ms);
}

describe('TurnMachine: presses and releases', () => {
  it('press begins a turn and opens the mic; release commits', () => {
    const m = new TurnMachine();
    expect(types(m.press('pointer', 0))).toEqual(['begin-turn', 'capture']);
    expect(m.phase).toBe('listening');
    talked(m, 500);
    const release = m.release('pointer');
    expect(release).toEqual([{ type: 'capture', on: false }, { type: 'commit-turn' }]);
    expect(m.phase).toBe('responding');
  });

  it('ignores key auto-repeat and presses from a second source while a turn is held', () => {
    const m = new TurnMachine();
    m.press('hotkey', 0);
    expect(m.press('hotkey', 30)).toEqual([]);
    expect(m.press('space', 40)).toEqual([]);
    expect(m.release('space')).toEqual([]); // not the owner
    talked(m, 200);
    expect(types(m.release('hotkey'))).toEqual(['capture', 'commit-turn']);
  });

  it('a release without a press does nothing', () => {
    expect(new TurnMachine().release('pointer')).toEqual([]);
  });

  it('discards a turn under 100 ms with a gentle hint', () => {
    const m = new TurnMachine();
    m.press('space', 0);
    talked(m, 80);
    const effects = m.release('space');
    expect(types(effects)).toEqual(['capture', 'discard-turn', 'hint']);
    expect(effects[2]).toMatchObject({ title: 'Too short' });
    expect(m.phase).toBe('idle');
  });

  it('toggle: the first press talks, the second sends', () => {
    const m = new TurnMachine();
    expect(types(m.toggle(0))).toEqual(['begin-turn', 'capture']);
    talked(m, 300);
    expect(types(m.toggle(300))).toEqual(['capture', 'commit-turn']);
  });

  it('a lost key-up (sleep, lock) ends the turn as a release would', () => {
    const m = new TurnMachine();
    m.press('hotkey', 0);
    talked(m, 1000);
    expect(types(m.lostKeyUp())).toEqual(['capture', 'commit-turn']);
    expect(m.lostKeyUp()).toEqual([]);
  });

  it('a turn held past the maximum length is sent and explained', () => {
    const m = new TurnMachine();
    m.press('hotkey', 0);
    talked(m, 5000);
    expect(m.tick(MAX_TURN_MS - 1)).toEqual([]);
    const effects = m.tick(MAX_TURN_MS);
    expect(types(effects)).toEqual(['capture', 'commit-turn', 'hint']);
  });

  it('cancel drops the turn without a hint', () => {
    const m = new TurnMachine();
    m.press('pointer', 0);
    expect(m.cancel()).toEqual([
      { type: 'capture', on: false },
      { type: 'discard-turn', reason: 'cancelled' },
    ]);
    expect(m.phase).toBe('idle');
  });
});

describe('TurnMachine: replies and barge-in', () => {
  function replying(
    receivedMs: number,
    playedMs: number,
    bufferedMs: number,
    active = true,
  ): TurnMachine {
    const m = new TurnMachine();
    m.press('pointer', 0);
    talked(m, 500);
    m.release('pointer');
    m.replyStarted();
    m.replyAudio('item_reply', receivedMs);
    m.playbackReport({ itemId: 'item_reply', playedMs, bufferedMs });
    if (!active) m.replyDone();
    return m;
  }

  it('stays Responding until the speaker has played the reply, then goes idle', () => {
    const m = replying(2000, 500, 1500, false);
    expect(m.phase).toBe('responding');
    m.playbackReport({ itemId: 'item_reply', playedMs: 2000, bufferedMs: 0 });
    expect(m.phase).toBe('idle');
  });

  it.each([
    ['early in the reply', 3000, 240, 2760, 240],
    ['half way', 3000, 1500, 1500, 1500],
    ['near the end', 3000, 2990, 10, 2990],
  ])(
    'barge-in %s: stop playback, cancel, truncate at what was heard',
    (_name, received, played, buffered, expected) => {
      const m = replying(received, played, buffered);
      const effects = m.press('pointer', 5000);
      expect(effects).toEqual([
        { type: 'stop-playback' },
        { type: 'cancel-response' },
        { type: 'truncate', itemId: 'item_reply', audioEndMs: expected },
        { type: 'begin-turn' },
        { type: 'capture', on: true },
      ]);
    },
  );

  it('barge-in after the whole reply arrived but is still playing: no cancel, still truncates', () => {
    const m = replying(3000, 1200, 1800, false);
    expect(m.press('space', 5000)).toEqual([
      { type: 'stop-playback' },
      { type: 'truncate', itemId: 'item_reply', audioEndMs: 1200 },
      { type: 'begin-turn' },
      { type: 'capture', on: true },
    ]);
  });

  it('nothing heard yet: cancel only, no truncate (the API rejects 0)', () => {
    const m = replying(400, 0, 400);
    expect(types(m.press('pointer', 5000))).toEqual([
      'stop-playback',
      'cancel-response',
      'begin-turn',
      'capture',
    ]);
  });

  it('a reply that has not produced audio yet is still cancelled', () => {
    const m = new TurnMachine();
    m.press('pointer', 0);
    talked(m, 500);
    m.release('pointer');
    m.replyStarted();
    expect(types(m.press('pointer', 100))).toEqual([
      'stop-playback',
      'cancel-response',
      'begin-turn',
      'capture',
    ]);
  });
});

describe('truncationFor', () => {
  it('clamps to the audio received and never returns 0', () => {
    expect(truncationFor({ itemId: 'a', playedMs: 900 }, { itemId: 'a', receivedMs: 600 })).toEqual(
      { itemId: 'a', audioEndMs: 600 },
    );
    expect(
      truncationFor({ itemId: 'a', playedMs: 0.4 }, { itemId: 'a', receivedMs: 600 }),
    ).toBeNull();
    expect(
      truncationFor({ itemId: 'a', playedMs: 300 }, { itemId: 'b', receivedMs: 600 }),
    ).toBeNull();
    expect(truncationFor(null, { itemId: 'a', receivedMs: 600 })).toBeNull();
  });
});
