import { connect } from 'node:net';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CONVERSATION_LIMITS,
  Conversation,
  type StoredItem,
} from '../../../src/simulator/realtime/conversation';
import { MAX_SHORT_CHARS, MAX_TEXT_CHARS } from '../../../src/simulator/realtime/wire-schemas';
import { simulatorFixture, toneThenSilence } from '../support/client';
import { MAX_INPUT_BYTES } from '../../../src/simulator/realtime/input-audio';

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

  it('bounds ids, labels and lists too, not only prose', async () => {
    await sim.start();
    const client = await sim.connect();
    const long = 'i'.repeat(MAX_SHORT_CHARS + 1);
    client.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: long, output: 'x' },
    });
    expect(await client.error()).toMatchObject({
      code: 'string_above_max_length',
      param: 'item.call_id',
    });
    client.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        tools: [{ type: 'mcp', server_label: long, server_url: 'https://mcp.example/' }],
      },
    });
    expect((await client.error()).code).toBe('string_above_max_length');
    const tools = Array.from({ length: 129 }, (_, i) => ({ type: 'function', name: `t${i}` }));
    client.send({ type: 'session.update', session: { type: 'realtime', tools } });
    expect(await client.error()).toMatchObject({ param: 'session.tools' });
  });

  it('forgets the oldest items past the item or byte budget, never the newest', () => {
    const conversation = new Conversation({ items: 3, bytes: 10_000 });
    const size = (e: StoredItem) => JSON.stringify(e.item).length + (e.pcm?.byteLength ?? 0);
    for (const id of ['a', 'b', 'c', 'd']) conversation.insert(stored(id, 'hi'));
    expect(conversation.items.map((e) => e.item.id)).toEqual(['b', 'c', 'd']);

    // d and big together are exactly the budget: b (count) and c (bytes) go.
    const small = size(stored('d', 'hi'));
    const bigPcm = 10_000 - small - size(stored('big', 'y'));
    conversation.insert(stored('big', 'y', bigPcm));
    expect(conversation.items.map((e) => e.item.id)).toEqual(['d', 'big']);

    // Placed at the start, the newest item survives; what follows it goes, in order.
    conversation.insert(stored('first', 'z', 200), 'root');
    expect(conversation.items.map((e) => e.item.id)).toEqual(['first']);

    conversation.insert(stored('huge', 'w', 50_000)); // alone over budget: kept, all else gone
    expect(conversation.items.map((e) => e.item.id)).toEqual(['huge']);
    conversation.delete('huge'); // a deleted item's bytes are given back
    for (const id of ['p', 'q']) conversation.insert(stored(id, 'hi'));
    expect(conversation.items.map((e) => e.item.id)).toEqual(['p', 'q']);
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

  it('a refused client that never closes its side does not hold the simulator open', async () => {
    const simulator = await sim.start({ maxConnections: 1 });
    await sim.connect();
    const { port } = new URL(simulator.url);
    const raw = connect({ port: Number(port), host: '127.0.0.1', allowHalfOpen: true });
    let answer = '';
    raw.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    raw.on('error', () => undefined);
    raw.write(
      'GET /v1/realtime HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await expect.poll(() => answer).toMatch(/^HTTP\/1\.1 429/);
    const stopped = sim.stop().then(() => 'stopped');
    const late = new Promise((r) => setTimeout(() => r('still running'), 3000));
    expect(await Promise.race([stopped, late])).toBe('stopped');
    raw.destroy();
  });

  it('cuts speech that never pauses into turns, so hands-free input stays bounded too', async () => {
    await sim.start();
    const client = await sim.connect();
    client.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        output_modalities: ['text'],
        audio: { input: { turn_detection: { type: 'server_vad', create_response: false } } },
      },
    });
    await client.next('session.updated');
    const second = toneThenSilence(1000, 0);
    for (let s = 0; s < 130; s++)
      client.send({ type: 'input_audio_buffer.append', audio: second.toString('base64') });
    const stopped = await client.next('input_audio_buffer.speech_stopped', 20_000);
    expect(stopped.audio_end_ms).toBeLessThanOrEqual(MAX_INPUT_BYTES / 48 + 1000);
    expect(stopped.audio_end_ms).toBeGreaterThanOrEqual(MAX_INPUT_BYTES / 48 - 1000);
    await client.next('input_audio_buffer.committed');
    // The speech goes on as a new turn.
    await client.next('input_audio_buffer.speech_started'); // the first turn's
    await client.next('input_audio_buffer.speech_started', 20_000);
    expect(client.types()).not.toContain('error');
  }, 60_000);
});
