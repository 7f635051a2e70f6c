import { afterEach, describe, expect, it, vi } from 'vitest';
import { Backoff } from '../../../../src/main/engine/link/reconnect';

afterEach(() => {
  vi.useRealTimers();
});

describe('Backoff (full jitter)', () => {
  it('first retry within 250 ms, doubling ceilings, capped at 30 s', () => {
    const highest = new Backoff({ random: () => 0.999999 });
    const ceilings = Array.from({ length: 10 }, () => highest.next());
    expect(ceilings.slice(0, 5)).toEqual([250, 500, 1000, 2000, 4000]);
    expect(Math.max(...ceilings)).toBe(30_000);
    expect(ceilings.at(-1)).toBe(30_000);
  });

  it('draws each delay uniformly between 0 and the ceiling', () => {
    const lowest = new Backoff({ random: () => 0 });
    expect([lowest.next(), lowest.next(), lowest.next()]).toEqual([0, 0, 0]);
    const samples = Array.from({ length: 200 }, () => new Backoff().next());
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThanOrEqual(250);
    expect(new Set(samples).size).toBeGreaterThan(50);
  });

  it('never goes below a Retry-After floor', () => {
    expect(new Backoff({ random: () => 0 }).next(7000)).toBe(7000);
  });

  it('resets after a healthy spell (timed with fake timers)', () => {
    vi.useFakeTimers();
    const backoff = new Backoff({ random: () => 0.999999, resetAfterHealthyMs: 60_000 });
    backoff.next();
    backoff.next();
    backoff.next();
    // What the controller does once a session is ready: reset after 60 s of health.
    setTimeout(() => backoff.reset(), backoff.resetAfterHealthyMs);
    vi.advanceTimersByTime(59_999);
    expect(backoff.attempts).toBe(3);
    vi.advanceTimersByTime(1);
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(250);
  });
});
