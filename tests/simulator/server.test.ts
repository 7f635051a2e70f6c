import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RealtimeSimulator } from '../../src/simulator/server';
import { audioMs, Client } from './support/client';

/** GA server event types (openai `RealtimeServerEvent`) the simulator may send. */
const GA_SERVER_EVENTS = new Set([
  'session.created',
  'session.updated',
  'error',
  'input_audio_buffer.committed',
  'input_audio_buffer.cleared',
  'conversation.item.added',
  'conversation.item.done',
  'conversation.item.truncated',
  'conversation.item.deleted',
  'conversation.item.input_audio_transcription.delta',
  'conversation.item.input_audio_transcription.completed',
  'rate_limits.updated',
  'response.created',
  'response.done',
  'response.output_item.added',
  'response.output_item.done',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_audio.delta',
  'response.output_audio.done',
  'response.output_audio_transcript.delta',
  'response.output_audio_transcript.done',
]);

let simulator: RealtimeSimulator;
let url: string;
const clients: Client[] = [];
beforeEach(async () => {
  simulator = new RealtimeSimulator({ pacing: 'instant' });
  url = await simulator.start();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await simulator.stop();
});
async function connect(headers?: Record<string, string>): Promise<Client> {
  const client = await Client.connect(url, headers);
  clients.push(client);
  return client;
}

describe('RealtimeSimulator', () => {
  it('listens on 127.0.0.1 and starts every session with session.created', async () => {
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime/);
    const client = await connect();
    const created = await client.next('session.created');
    expect(created.session).toMatchObject({ type: 'realtime', object: 'realtime.session' });
  });

  it('sends only GA server events, each with an event_id, through a whole turn', async () => {
    const client = await connect();
    client.pushToTalk('whisper-1');
    await client.next('session.updated');
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(300) });
    client.send({ type: 'input_audio_buffer.commit' });
    client.send({ type: 'response.create' });
    const done = await client.next('response.done');
    expect((done.response as { status: string }).status).toBe('completed');
    for (const event of client.events) {
      expect(GA_SERVER_EVENTS.has(event.type), event.type).toBe(true);
      expect(typeof event.event_id).toBe('string');
    }
    const types = client.events.map((e) => e.type);
    expect(types).toContain('conversation.item.input_audio_transcription.completed');
    expect(types.indexOf('response.created')).toBeLessThan(
      types.indexOf('response.output_audio.delta'),
    );
    const audio = client.events.filter((e) => e.type === 'response.output_audio.delta');
    const bytes = audio.reduce(
      (n, e) => n + Buffer.from(e.delta as string, 'base64').byteLength,
      0,
    );
    expect(bytes).toBe(300 * 48); // the user's audio, played back
  });

  it('refuses a commit of less than 100 ms with input_audio_buffer_commit_empty, echoing the event_id', async () => {
    const client = await connect();
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(60) });
    client.send({ type: 'input_audio_buffer.commit', event_id: 'evt_commit_1' });
    const error = await client.next('error');
    expect(error.error).toMatchObject({
      code: 'input_audio_buffer_commit_empty',
      event_id: 'evt_commit_1',
    });
  });

  it('clears the input buffer', async () => {
    const client = await connect();
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(200) });
    client.send({ type: 'input_audio_buffer.clear' });
    await client.next('input_audio_buffer.cleared');
    client.send({ type: 'input_audio_buffer.commit' });
    expect((await client.next('error')).error).toMatchObject({
      code: 'input_audio_buffer_commit_empty',
    });
  });

  it('refuses a second response while one is active, and a cancel when none is', async () => {
    const slow = new RealtimeSimulator({ pacing: 'realtime' });
    const slowUrl = await slow.start();
    try {
      const client = await Client.connect(slowUrl);
      client.send({ type: 'input_audio_buffer.append', audio: audioMs(1000) });
      client.send({ type: 'input_audio_buffer.commit' });
      client.send({ type: 'response.create' });
      await client.next('response.created');
      client.send({ type: 'response.create' });
      expect((await client.next('error')).error).toMatchObject({
        code: 'conversation_already_has_active_response',
      });
      client.send({ type: 'response.cancel' });
      const done = await client.next('response.done');
      expect((done.response as { status: string }).status).toBe('cancelled');
      client.send({ type: 'response.cancel' });
      expect((await client.next('error')).error).toMatchObject({
        code: 'response_cancel_not_active',
      });
      client.ws.terminate();
    } finally {
      await slow.stop();
    }
  });

  it('truncates an assistant item within the audio sent, and refuses beyond it', async () => {
    const client = await connect();
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(500) });
    client.send({ type: 'input_audio_buffer.commit' });
    client.send({ type: 'response.create' });
    const done = await client.next('response.done');
    const itemId = (done.response as { output: { id: string }[] }).output[0]!.id;
    client.send({
      type: 'conversation.item.truncate',
      item_id: itemId,
      content_index: 0,
      audio_end_ms: 800,
    });
    expect((await client.next('error')).error).toMatchObject({
      code: 'invalid_value',
      param: 'audio_end_ms',
    });
    client.send({
      type: 'conversation.item.truncate',
      item_id: itemId,
      content_index: 0,
      audio_end_ms: 250,
    });
    expect(await client.next('conversation.item.truncated')).toMatchObject({
      item_id: itemId,
      audio_end_ms: 250,
    });
    client.send({
      type: 'conversation.item.truncate',
      item_id: 'nope',
      content_index: 0,
      audio_end_ms: 1,
    });
    expect((await client.next('error')).error).toMatchObject({ code: 'item_not_found' });
  });

  it('plays a chime when asked to respond with no audio from the user', async () => {
    const client = await connect();
    client.send({ type: 'response.create' });
    const done = await client.next('response.output_audio_transcript.done');
    expect(done.transcript).toMatch(/simulated reply/);
  });

  it('answers beta-shaped session.update, bad audio, binary frames, bad JSON and unknown types with real error codes', async () => {
    const client = await connect();
    client.send({ type: 'session.update', session: { input_audio_format: 'pcm16' } });
    expect((await client.next('error')).error).toMatchObject({ code: 'unknown_parameter' });
    client.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: { input: { format: { type: 'audio/pcm', rate: 16000 } } },
      },
    });
    expect((await client.next('error')).error).toMatchObject({ code: 'invalid_value' });
    client.send({ type: 'input_audio_buffer.append', audio: 'not base64!' });
    expect((await client.next('error')).error).toMatchObject({
      code: 'invalid_value',
      param: 'audio',
    });
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(((await client.next('error')).error as { message: string }).message).toMatch(
      /JSON text frame/,
    );
    client.ws.send('{oops');
    expect((await client.next('error')).error).toMatchObject({ code: 'invalid_json' });
    client.send({ type: 'made.up' });
    expect((await client.next('error')).error).toMatchObject({
      code: 'invalid_value',
      param: 'type',
    });
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('closes with 4000 beta_api_shape_disabled when the OpenAI-Beta header is sent', async () => {
    const ws = new WebSocket(url, { headers: { 'OpenAI-Beta': 'realtime=v1' } });
    const [code, reason] = await new Promise<[number, string]>((resolve) =>
      ws.on('close', (c, r) => resolve([c, r.toString()])),
    );
    expect(code).toBe(4000);
    expect(reason).toBe('beta_api_shape_disabled');
  });

  it('adds conversation items from text', async () => {
    const client = await connect();
    client.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    });
    const added = await client.next('conversation.item.added');
    expect(added.item).toMatchObject({ role: 'user', type: 'message' });
  });
});
