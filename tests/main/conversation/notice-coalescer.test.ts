import { describe, expect, it } from 'vitest';
import { NoticeCoalescer } from '../../../src/main/conversation/notice-coalescer';

describe('NoticeCoalescer', () => {
  it('shows the first of a kind, holds the same kind back within the window, and counts it', () => {
    const c = new NoticeCoalescer(1000);
    expect(c.admit('append|invalid', 0)).toEqual({ show: true, held: 0 });
    for (let t = 20; t < 1000; t += 20) expect(c.admit('append|invalid', t).show).toBe(false);
    expect(c.admit('commit|empty', 500)).toEqual({ show: true, held: 0 }); // another kind
    expect(c.admit('append|invalid', 1000)).toEqual({ show: true, held: 49 });
    expect(c.admit('append|invalid', 1500)).toEqual({ show: false, held: 0 });
    expect(c.admit('append|invalid', 2100)).toEqual({ show: true, held: 1 });
  });

  it('remembers a bounded number of kinds', () => {
    const c = new NoticeCoalescer(1000, 3);
    for (const kind of ['a', 'b', 'c', 'd']) c.admit(kind, 0);
    expect(c.admit('a', 1).show).toBe(true); // forgotten, so shown again
    expect(c.admit('d', 1).show).toBe(false);
  });
});
