import { describe, expect, it } from 'vitest';
import { TurnAudio } from '../../../src/main/conversation/turn-audio';

const frame = (value: number) => new Uint8Array(960).fill(value);

describe('TurnAudio', () => {
  it('sends each frame once, in order, and again from the start after a rewind', () => {
    const turn = new TurnAudio();
    const sent: number[] = [];
    turn.add(frame(1));
    turn.add(frame(2));
    turn.flush(
      (c) => (sent.push(c[0]!), true),
      () => true,
    );
    turn.add(frame(3));
    turn.flush(
      (c) => (sent.push(c[0]!), true),
      () => true,
    );
    expect(sent).toEqual([1, 3]); // 1 and 2 went out together in one append
    turn.rewind();
    const again: Uint8Array[] = [];
    turn.flush(
      (c) => (again.push(c), true),
      () => true,
    );
    expect(again.reduce((n, c) => n + c.byteLength, 0)).toBe(3 * 960);
  });

  it('coalesces a backlog into appends of at most 100 ms', () => {
    const turn = new TurnAudio();
    for (let i = 0; i < 12; i++) turn.add(frame(i));
    const sizes: number[] = [];
    const result = turn.flush(
      (c) => (sizes.push(c.byteLength), true),
      () => true,
    );
    expect(sizes).toEqual([4800, 4800, 1920]);
    expect(result).toEqual({ frames: 12, bytes: 12 * 960 });
  });

  it('waits while the socket is backed up', () => {
    const turn = new TurnAudio();
    turn.add(frame(1));
    expect(
      turn.flush(
        () => true,
        () => false,
      ),
    ).toEqual({ frames: 0, bytes: 0 });
    expect(turn.unsentFrames).toBe(1);
  });

  it('is bounded and keeps copies, not the caller’s buffers', () => {
    const turn = new TurnAudio(960 * 2);
    const mine = frame(7);
    expect(turn.add(mine)).toBe(true);
    mine.fill(0);
    expect(turn.add(frame(8))).toBe(true);
    expect(turn.add(frame(9))).toBe(false);
    const sent: Uint8Array[] = [];
    turn.flush(
      (c) => (sent.push(c), true),
      () => true,
    );
    expect(sent[0]![0]).toBe(7);
    expect(turn.durationMs).toBe(40);
  });
});
