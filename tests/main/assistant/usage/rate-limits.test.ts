import { describe, expect, it } from 'vitest';
import { describeLimit, RateLimitWatch } from '../../../../src/main/assistant/usage/rate-limits';

const limits = (remaining: number) => ({
  rate_limits: [
    { name: 'requests' as const, limit: 1000, remaining, reset_seconds: 30 },
    { name: 'tokens' as const, limit: 100_000, remaining: 90_000, reset_seconds: 5 },
  ],
});

describe('RateLimitWatch', () => {
  it('reports a limit once when it nears exhaustion, and again after it recovered', () => {
    const watch = new RateLimitWatch();
    expect(watch.update(limits(500))).toEqual([]);
    const near = watch.update(limits(50));
    expect(near).toEqual([{ name: 'requests', limit: 1000, remaining: 50, resetSeconds: 30 }]);
    expect(watch.update(limits(40))).toEqual([]);
    watch.update(limits(900));
    expect(watch.update(limits(10))).toHaveLength(1);
    expect(watch.current).toHaveLength(2);
  });

  it('ignores malformed entries', () => {
    const watch = new RateLimitWatch();
    const bad = {
      rate_limits: [null, { name: 'tokens', limit: 0, remaining: 0 }, { limit: 5 }],
    } as never;
    expect(watch.update(bad)).toEqual([]);
    expect(watch.update({ rate_limits: 'nope' } as never)).toEqual([]);
  });

  it('says it in plain words', () => {
    expect(
      describeLimit({ name: 'tokens', limit: 40_000, remaining: 1_200, resetSeconds: 150 }),
    ).toBe(
      'Only 1,200 of 40,000 tokens are left in the current rate-limit window. It resets in 3 min.',
    );
  });
});
