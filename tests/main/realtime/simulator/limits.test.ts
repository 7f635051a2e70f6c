import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CONVERSATION_LIMITS,
  Conversation,
  type StoredItem,
} from '../../../../src/main/realtime/simulator/conversation';
import { MAX_TEXT_CHARS } from '../../../../src/main/realtime/simulator/wire-schemas';
import { simulatorFixture } from './support/client';

const sim = simulatorFixture();
afterEach(() => sim.stop());

const textItem = (text: string) => ({
  type: 'message',
  role: 'user',
  content: [{ type: 'input_text', text }],
});

function stored(id: string, text: string, pcmBytes = 0): StoredItem {
  return {
    item: {
      id,
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text }],
    } as StoredItem['item'],
    pcm: pcmBytes ? Buffer.alloc(pcmBytes) : null,
    audioMs: 0,
  };
}

/** What one upgrade attempt gets: the socket, or the refusal's status and body. */
function tryConnect(url: string): Promise<{ ws: WebSocket } | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    ws.once('error', reject);
  });
}

describe('simulator limits: one client cannot grow its memory without bound', () => {
  it('refuses text longer than its limit with the service-shaped error, and stays open', async () => {
    await sim.start();
    const client = await sim.connect();
    client.send({
      type: 'conversation.item.create',
      event_id: 'too_long',
      item: textItem('x'.repeat(MAX_TEXT_CHARS + 1)),
    });
    const error = await client.error();
    expect(error).toMatchObject({
      code: 'string_above_max_length',
      param: 'item.content.0.text',
      event_id: 'too_long',
    });
    client.send({ type: 'conversation.item.create', item: textItem('x'.repeat(MAX_TEXT_CHARS)) });
    await client.next('conversation.item.added');
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('forgets the oldest items past the item or byte budget, never the newest', () => {
    const conversation = new Conversation({ items: 3, bytes: 1_000 });
    for (const id of ['a', 'b', 'c', 'd']) conversation.insert(stored(id, 'hi'));
    expect(conversation.items.map((e) => e.item.id)).toEqual(['b', 'c', 'd']);

    conversation.insert(stored('big', 'y', 997)); // 998 bytes: b (count) and c (bytes) go
    expect(conversation.items.map((e) => e.item.id)).toEqual(['d', 'big']);

    // Placed at the start, the newest item survives; what follows it goes, in order.
    conversation.insert(stored('first', 'z', 200), 'root');
    expect(conversation.items.map((e) => e.item.id)).toEqual(['first']);

    conversation.insert(stored('huge', 'w', 5_000)); // alone over budget: kept, all else gone
    expect(conversation.items.map((e) => e.item.id)).toEqual(['huge']);
  });

  it('keeps a flooding client under the byte budget over the wire', async () => {
    await sim.start();
    const client = await sim.connect();
    const count = Math.ceil(CONVERSATION_LIMITS.bytes / MAX_TEXT_CHARS) + 8; // 136 × 256 KiB
    for (let i = 0; i < count; i++)
      client.send({
        type: 'conversation.item.create',
        item: { id: `flood_${i}`, ...textItem('f'.repeat(MAX_TEXT_CHARS)) },
      });
    for (let i = 0; i < count; i++) await client.next('conversation.item.added', 20_000);
    client.send({ type: 'conversation.item.retrieve', item_id: 'flood_0' });
    expect((await client.error()).code).toBe('item_not_found');
    client.send({ type: 'conversation.item.retrieve', item_id: `flood_${count - 1}` });
    expect(await client.next('conversation.item.retrieved')).toMatchObject({
      item: { id: `flood_${count - 1}` },
    });
  }, 60_000);

  it('refuses one session more than its cap with 429 and a JSON reason, then accepts again', async () => {
    const simulator = await sim.start({ maxConnections: 2 });
    const first = await sim.connect();
    await sim.connect();
    const refused = await tryConnect(simulator.url);
    expect(refused).toMatchObject({ status: 429 });
    expect(JSON.parse((refused as { body: string }).body)).toMatchObject({
      error: { code: 'too_many_sessions' },
    });

    first.ws.close();
    await expect.poll(() => simulator.connectionCount).toBe(1);
    const again = await tryConnect(simulator.url);
    expect('ws' in again).toBe(true);
    if ('ws' in again) again.ws.terminate();
  });
});
