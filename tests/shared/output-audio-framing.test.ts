import { describe, expect, it } from 'vitest';
import { OutputAudioAssembler, OutputAudioFramer } from '../../src/shared/output-audio-framing';

const pcm = (n: number) => new Uint8Array(960).fill(n);

describe('reply audio framing', () => {
  it('tells each receiver an item id once, then sends bare audio', () => {
    const framer = new OutputAudioFramer<object>();
    const main = {};
    const late = {};
    expect(framer.frames(main, { itemId: 'a', pcm: pcm(1) })).toEqual([
      { kind: 'item', itemId: 'a' },
      { kind: 'audio', pcm: pcm(1) },
    ]);
    expect(framer.frames(main, { itemId: 'a', pcm: pcm(2) })).toEqual([
      { kind: 'audio', pcm: pcm(2) },
    ]);
    // A window opened mid-reply still learns the id before its first delta.
    expect(framer.frames(late, { itemId: 'a', pcm: pcm(3) })[0]).toEqual({
      kind: 'item',
      itemId: 'a',
    });
    expect(framer.frames(main, { itemId: 'b', pcm: pcm(4) })[0]).toEqual({
      kind: 'item',
      itemId: 'b',
    });
  });

  it('puts the id back beside each delta, and drops audio of no known item', () => {
    const assembler = new OutputAudioAssembler();
    expect(assembler.audio(pcm(1))).toBeNull();
    assembler.item('a');
    expect(assembler.audio(pcm(2))).toEqual({ itemId: 'a', pcm: pcm(2) });
    assembler.item(42); // not an id: ignored
    expect(assembler.audio(pcm(3))?.itemId).toBe('a');
    expect(assembler.audio('not audio')).toBeNull();
    assembler.item('b');
    expect(assembler.audio(pcm(4))?.itemId).toBe('b');
  });

  it('round-trips a whole reply through both halves', () => {
    const framer = new OutputAudioFramer<object>();
    const assembler = new OutputAudioAssembler();
    const target = {};
    const received = [];
    for (const [itemId, n] of [
      ['a', 1],
      ['a', 2],
      ['b', 3],
    ] as const)
      for (const frame of framer.frames(target, { itemId, pcm: pcm(n) })) {
        if (frame.kind === 'item') assembler.item(frame.itemId);
        else received.push(assembler.audio(frame.pcm));
      }
    expect(received.map((m) => [m?.itemId, m?.pcm[0]])).toEqual([
      ['a', 1],
      ['a', 2],
      ['b', 3],
    ]);
  });
});
