import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rateLimitedLog } from '../../../src/main/web-preview/rate-limited-log';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('rate-limited log', () => {
  it('writes the first lines of each kind per window, then one summary line', () => {
    const lines: string[] = [];
    const log = rateLimitedLog((line) => lines.push(line), { linesPerWindow: 2, windowMs: 1000 });
    for (let i = 0; i < 20_000; i++) log('rejected frame', `frame ${i}`);
    log('socket error', 'reset');
    expect(lines).toEqual([
      'rejected frame: frame 0',
      'rejected frame: frame 1',
      'socket error: reset',
    ]);
    vi.advanceTimersByTime(1000);
    expect(lines.slice(3)).toEqual(['rejected frame: 19998 more in the last 1 s (not shown)']);
    // A new window writes again.
    log('rejected frame', 'late');
    expect(lines.at(-1)).toBe('rejected frame: late');
  });

  it('writes nothing more when the window was quiet, and flushes on demand', () => {
    const lines: string[] = [];
    const log = rateLimitedLog((line) => lines.push(line), { linesPerWindow: 1, windowMs: 1000 });
    log('a', 'one');
    vi.advanceTimersByTime(5000);
    expect(lines).toEqual(['a: one']);
    log('a', 'two');
    log('a', 'three');
    log.flush();
    expect(lines).toEqual(['a: one', 'a: two', 'a: 1 more in the last 1 s (not shown)']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shortens long messages', () => {
    const lines: string[] = [];
    const log = rateLimitedLog((line) => lines.push(line));
    log('k', 'x'.repeat(100_000));
    expect(lines[0]!.length).toBeLessThan(310);
    log.flush();
  });
});
