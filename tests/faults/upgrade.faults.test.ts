import { afterEach, describe, expect, it } from 'vitest';
import { harness, sleep, type Harness } from './support/harness';

let h: Harness;
afterEach(async () => {
  expect(h.unhandled).toEqual([]);
  await h.close();
});

const body = (message: string, code: string | null) =>
  JSON.stringify({ error: { message, type: 'invalid_request_error', code } });

describe('refused upgrades', () => {
  it.each([
    [401, 'invalid_api_key', /API key was rejected/],
    [403, null, /may not use the Realtime API/],
    [404, 'model_not_found', /model or Azure deployment name is wrong/],
  ])(
    'HTTP %i: Needs attention with the fix, one attempt, no retry loop',
    async (status, code, diagnosis) => {
      h = await harness({ refuse: () => ({ status, body: body('refused by test', code) }) });
      await h.controller.connect();
      const health = await h.until('needs-attention');
      expect(health.diagnosis).toMatch(diagnosis);
      expect(health.diagnosis).toMatch(/refused by test/);
      expect(health.lastClose).toMatchObject({ httpStatus: status, code: null });
      await sleep(300); // several backoff periods
      expect(h.proxy.attempts).toBe(1);
      expect(h.states).toEqual(['connecting', 'needs-attention']);
      expect(h.notices.at(-1)?.level).toBe('error');
    },
  );

  it('HTTP 429 honours Retry-After, then connects', async () => {
    h = await harness({
      refuse: (attempt) =>
        attempt === 1
          ? {
              status: 429,
              headers: { 'Retry-After': '1' },
              body: body('slow down', 'rate_limit_exceeded'),
            }
          : null,
    });
    const started = Date.now();
    await h.controller.connect();
    const waiting = await h.until('reconnecting');
    expect(waiting.nextRetryAt! - started).toBeGreaterThanOrEqual(1000);
    expect(waiting.diagnosis).toMatch(/wait 1 s/);
    await h.until('ready', 4000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(h.proxy.attempts).toBe(2);
    expect(h.states).toEqual(['connecting', 'reconnecting', 'ready']);
  });

  it.each([500, 503])('HTTP %i is retried with backoff until it works', async (status) => {
    h = await harness({
      refuse: (attempt) =>
        attempt <= 2 ? { status, body: body('overloaded', 'server_error') } : null,
    });
    await h.controller.connect();
    await h.until('ready', 4000);
    expect(h.proxy.attempts).toBe(3);
    expect(h.controller.snapshot().health.counters.reconnects).toBe(2);
    expect(h.states).toEqual(['connecting', 'reconnecting', 'ready']);
  });
});
