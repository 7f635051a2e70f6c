import { afterEach, describe, expect, it } from 'vitest';
import { frameNumbers, gate, harness, sleep, type Harness } from './support/harness';

let h: Harness;
afterEach(async () => {
  expect(h.unhandled).toEqual([]);
  await h.close();
});

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('closes and drops', () => {
  it('close 1000 right after the first append: explained, reconnected, the turn arrives once', async () => {
    let closedOnce = false;
    const reconnect = gate();
    h = await harness({
      onClientEvent: (connection, event) => {
        if (event.type === 'input_audio_buffer.append' && !closedOnce) {
          closedOnce = true;
          connection.close(1000);
          return false;
        }
      },
      // The in-process reconnect can outrun the speaking under load: hold it until the release.
      holdUpgrade: (attempt) => (attempt === 2 ? reconnect.held : undefined),
    });
    await h.controller.connect();
    await h.until('ready');
    await h.speak(20, {
      between: async () => {
        await h.until('reconnecting'); // the close came while held
      },
    });
    reconnect.open();
    await h.until('ready', 5000); // reconnected, replied
    await expect.poll(() => h.turns.length).toBe(1);
    expect(frameNumbers(h.turns[0]!)).toEqual(range(1, 20));
    expect(h.health().lastClose).toMatchObject({
      code: 1000,
      afterClientEvent: 'input_audio_buffer.append',
    });
    expect(h.proxy.attempts).toBe(2);
    // Released while reconnecting: the turn waits, then is committed on the new session.
    expect(h.states).toEqual([
      'connecting',
      'ready',
      'listening',
      'reconnecting',
      'responding',
      'ready',
    ]);
  });

  it.each([
    [1001, /going away/],
    [1011, /internal problem/],
  ])('close %i while idle: reconnects with a diagnosis', async (code, diagnosis) => {
    h = await harness();
    await h.controller.connect();
    await h.until('ready');
    // Closed once Ready (a timer from the upgrade could fire before setup ends under load).
    h.proxy.connections[0]!.close(code);
    const reconnecting = await h.until('reconnecting');
    expect(reconnecting.diagnosis).toMatch(diagnosis);
    expect(reconnecting.lastClose?.code).toBe(code);
    await h.until('ready');
    expect(h.proxy.attempts).toBe(2);
    expect(h.states).toEqual(['connecting', 'ready', 'reconnecting', 'ready']);
  });

  it('an abrupt TCP reset mid-turn (1006): the turn is replayed once on the new session', async () => {
    const reconnect = gate();
    // Held until the release, so the release always falls while reconnecting.
    h = await harness({ holdUpgrade: (attempt) => (attempt === 2 ? reconnect.held : undefined) });
    await h.controller.connect();
    await h.until('ready');
    await h.speak(30, {
      at: 15,
      between: async () => {
        h.proxy.connections[0]!.reset();
        await h.until('reconnecting');
      },
    });
    reconnect.open();
    await h.until('ready', 5000);
    await expect.poll(() => h.turns.length).toBe(1);
    expect(frameNumbers(h.turns[0]!)).toEqual(range(1, 30));
    expect(h.health().lastClose?.code).toBe(1006);
    expect(h.proxy.attempts).toBe(2);
    expect(h.states).toEqual([
      'connecting',
      'ready',
      'listening',
      'reconnecting',
      'responding',
      'ready',
    ]);
  });

  it('close 4000 (beta shape): Needs attention, no retry', async () => {
    h = await harness({
      onOpen: (connection) => connection.close(4000, 'beta_api_shape_disabled'),
    });
    await h.controller.connect();
    const health = await h.until('needs-attention');
    expect(health.diagnosis).toMatch(/beta protocol is disabled/);
    await sleep(300);
    expect(h.proxy.attempts).toBe(1);
    expect(h.states).toEqual(['connecting', 'needs-attention']);
  });
});
