import { afterEach, describe, expect, it, vi } from 'vitest';
import { Heartbeat, shownRtt } from '../../../../src/main/engine/link/heartbeat';

afterEach(() => {
  vi.useRealTimers();
});

function connection() {
  return { ping: vi.fn(() => true), terminate: vi.fn() };
}

describe('Heartbeat (fake timers)', () => {
  it('pings at once and every interval while pongs come back', () => {
    vi.useFakeTimers();
    const c = connection();
    const beat = new Heartbeat(10_000);
    beat.start(c);
    expect(c.ping).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5; i++) {
      beat.answered();
      vi.advanceTimersByTime(10_000);
    }
    expect(c.ping).toHaveBeenCalledTimes(6);
    expect(c.terminate).not.toHaveBeenCalled();
    beat.stop();
  });

  it('drops a peer that has not answered for two intervals', () => {
    vi.useFakeTimers();
    const c = connection();
    const dead = vi.fn();
    const beat = new Heartbeat(10_000, dead);
    beat.start(c);
    vi.advanceTimersByTime(10_000);
    expect(c.terminate).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(c.terminate).toHaveBeenCalledTimes(1);
    expect(dead).toHaveBeenCalledTimes(1);
    beat.stop();
  });

  it('stops cleanly', () => {
    vi.useFakeTimers();
    const c = connection();
    const beat = new Heartbeat(1000);
    beat.start(c);
    beat.stop();
    vi.advanceTimersByTime(10_000);
    expect(c.ping).toHaveBeenCalledTimes(1);
  });
});

describe('shownRtt', () => {
  it('shows the first measurement, ignores jitter and follows a real change', () => {
    expect(shownRtt(null, 41.6)).toBe(42);
    expect(shownRtt(42, 44)).toBe(42); // jitter
    expect(shownRtt(2, 5)).toBe(2); // a loopback link's noise
    expect(shownRtt(3, 11)).toBe(3); // a busy machine's loopback: still under 10 ms
    expect(shownRtt(42, 51)).toBe(42); // under 25 %
    expect(shownRtt(42, 53)).toBe(53);
    expect(shownRtt(8, 18)).toBe(18); // 10 ms on a fast link
    expect(shownRtt(200, 245)).toBe(200); // under 25 % of a slow link
    expect(shownRtt(200, 150)).toBe(150);
    expect(shownRtt(200, 20)).toBe(20); // faster counts too
  });
});
