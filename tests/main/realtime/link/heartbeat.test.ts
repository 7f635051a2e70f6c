import { afterEach, describe, expect, it, vi } from 'vitest';
import { Heartbeat } from '../../../../src/main/realtime/link/heartbeat';

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
