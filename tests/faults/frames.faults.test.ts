import { afterEach, describe, expect, it } from 'vitest';
import { frameNumbers, harness, type Harness } from './support/harness';
import type { ProxiedConnection } from './support/fault-proxy';

let h: Harness;
afterEach(async () => {
  expect(h.unhandled).toEqual([]);
  await h.close();
});

describe('odd frames from the server', () => {
  it.each([
    ['malformed JSON', (c: ProxiedConnection) => c.inject('{"type":"response.cre')],
    ['a binary frame', (c: ProxiedConnection) => c.inject(Buffer.from([0, 1, 2, 3]), true)],
    [
      'an unknown event type',
      (c: ProxiedConnection) => c.injectEvent({ type: 'response.hologram.delta', delta: 'x' }),
    ],
    [
      'an event with an unexpected shape',
      (c: ProxiedConnection) => c.injectEvent({ type: 'response.output_audio.delta' }),
    ],
  ])('%s is ignored: the session stays up and the next turn works', async (_name, inject) => {
    h = await harness();
    await h.controller.connect();
    await h.until('ready');
    inject(h.proxy.connections[0]!);
    await h.speak(10);
    await h.until('ready', 5000);
    await expect.poll(() => h.turns.length).toBe(1);
    expect(frameNumbers(h.turns[0]!)).toHaveLength(10);
    expect(h.proxy.attempts).toBe(1);
    expect(h.states).not.toContain('reconnecting');
  });

  it('an oversized frame is refused (1009) and the connection is re-established', async () => {
    h = await harness();
    await h.controller.connect();
    await h.until('ready');
    // Sent once Ready (a timer from the upgrade could fire before setup ends under load).
    h.proxy.connections[0]!.inject('x'.repeat(17 * 1024 * 1024));
    const reconnecting = await h.until('reconnecting', 5000);
    expect(reconnecting.lastClose?.code).toBe(1009);
    expect(reconnecting.diagnosis).toMatch(/larger than the receiver accepts/);
    await h.until('ready');
    expect(h.proxy.attempts).toBe(2);
    expect(h.states).toEqual(['connecting', 'ready', 'reconnecting', 'ready']);
  });
});

describe('odd audio from the server', () => {
  it('an audio delta of an odd number of bytes is trimmed, not passed on to play as noise', async () => {
    h = await harness();
    await h.controller.connect();
    await h.until('ready');
    const sizes: number[] = [];
    h.controller.on('output-audio', (m) => sizes.push(m.pcm.byteLength));
    h.proxy.connections[0]!.injectEvent({
      type: 'response.output_audio.delta',
      response_id: 'resp_x',
      item_id: 'item_x',
      output_index: 0,
      content_index: 0,
      delta: Buffer.alloc(961).toString('base64'),
    });
    await expect.poll(() => sizes).toEqual([960]);
    expect(h.health().state).toBe('ready');
  });
});
