import { afterEach, describe, expect, it } from 'vitest';
import { frameNumbers, harness, sleep, type Harness } from './support/harness';

let h: Harness;
afterEach(async () => {
  expect(h.unhandled).toEqual([]);
  await h.close();
});

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('nothing is lost', () => {
  it('session expiry in the middle of a turn: the whole turn arrives once in the new session', async () => {
    h = await harness({}, { simulator: { maxSessionMs: 400 } });
    await h.controller.connect();
    await h.until('ready');
    await h.speak(40, {
      at: 20,
      between: () => h.until('reconnecting', 2000).then(() => undefined),
    });
    await expect.poll(() => h.turns.length, { timeout: 3000 }).toBe(1);
    expect(frameNumbers(h.turns[0]!)).toEqual(range(40));
    expect(h.turns[0]!.connection).toBe(2);
    expect(h.health().lastClose?.code).toBe(1001);
  });

  it('text typed while offline is delivered once when the connection is back', async () => {
    h = await harness({ refuse: (attempt) => (attempt <= 2 ? { status: 503, body: '' } : null) });
    await h.controller.connect();
    await h.until('reconnecting');
    expect(h.controller.sendText('  hello while offline  ')).toEqual({ ok: true });
    await h.until('ready', 4000);
    await h.until('responding', 2000).catch(() => undefined);
    await h.until('ready', 4000);
    const userItems = h.items.filter((i) => i.role === 'user');
    expect(userItems.map((i) => i.text)).toEqual(['hello while offline']);
    await sleep(100);
    expect(h.items.filter((i) => i.role === 'user')).toHaveLength(1);
  });

  it('a text whose session dropped before the server confirmed it is sent again, once', async () => {
    let dropped = false;
    h = await harness({
      onClientEvent: (connection, event) => {
        if (event.type === 'conversation.item.create' && !dropped) {
          dropped = true;
          connection.reset();
          return false;
        }
      },
    });
    await h.controller.connect();
    await h.until('ready');
    h.controller.sendText('are you there?');
    await h.until('reconnecting');
    await h.until('ready', 4000);
    await expect.poll(() => h.items.filter((i) => i.role === 'user').length).toBe(1);
    await sleep(100);
    expect(h.items.filter((i) => i.text === 'are you there?')).toHaveLength(1);
  });

  it('rolls over to a new session before expiry, between turns, without the user noticing', async () => {
    h = await harness(
      {},
      { controller: { sessionLifetimeMs: { custom: 1000 }, rolloverMarginMs: 700 } },
    );
    await h.controller.connect();
    await h.until('ready');
    await h.speak(10);
    await h.until('ready', 3000);
    await expect.poll(() => h.proxy.attempts, { timeout: 3000 }).toBe(2);
    await sleep(100);
    // The user saw Ready throughout: no Connecting or Reconnecting.
    expect(h.states).toEqual(['connecting', 'ready', 'listening', 'responding', 'ready']);
    const seeds = h.proxy.connections[1]!.sent.filter((e) => e.type === 'conversation.item.create');
    expect(JSON.stringify(seeds)).toContain('simulated reply');
    // The old session was let go.
    await expect.poll(() => h.simulator.connectionCount).toBe(1);
    // And the new one works.
    await h.speak(10);
    await expect.poll(() => h.turns.length, { timeout: 3000 }).toBe(2);
    expect(h.turns[1]!.connection).toBe(2);
  });

  it('a talk release during a reply queues its response instead of colliding', async () => {
    h = await harness({}, { simulator: { pacing: 'realtime' } });
    await h.controller.connect();
    await h.until('ready');
    await h.speak(25);
    await h.until('responding');
    await h.speak(10); // barge in and release while the first reply is being cancelled
    await expect.poll(() => h.turns.length, { timeout: 3000 }).toBe(2);
    await h.until('ready', 8000);
    const errors = h.notices.filter((n) => n.level === 'error');
    expect(errors).toEqual([]);
  });
});
