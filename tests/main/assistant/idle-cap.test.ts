import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleCap } from '../../../src/main/assistant/idle-cap';

describe('IdleCap', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires once after the limit without activity', () => {
    let fired = 0;
    const cap = new IdleCap(5 * 60_000, () => fired++);
    cap.start();
    vi.advanceTimersByTime(4 * 60_000);
    cap.activity();
    vi.advanceTimersByTime(4 * 60_000);
    expect(fired).toBe(0);
    expect(cap.remainingMs).toBe(60_000);
    vi.advanceTimersByTime(60_000);
    expect(fired).toBe(1);
    expect(cap.remainingMs).toBeNull();
    vi.advanceTimersByTime(60 * 60_000);
    expect(fired).toBe(1);
  });

  it('does nothing when stopped or turned off', () => {
    let fired = 0;
    const cap = new IdleCap(1_000, () => fired++);
    cap.start();
    cap.stop();
    cap.activity();
    vi.advanceTimersByTime(5_000);
    const off = new IdleCap(0, () => fired++);
    off.start();
    vi.advanceTimersByTime(5_000);
    expect(fired).toBe(0);
    expect(off.endsAt).toBeNull();
  });

  it('applies a new limit to the running count', () => {
    let fired = 0;
    const cap = new IdleCap(60_000, () => fired++);
    cap.start();
    cap.setLimit(1_000);
    vi.advanceTimersByTime(1_000);
    expect(fired).toBe(1);
  });
});
