import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { liveFixture } from './support/live-client';

const live = liveFixture();
beforeEach(() => live.start());
afterEach(async () => expect(await live.stop()).toEqual([]));

/** The HTTP status and JSON body of a refused upgrade. */
async function refusal(
  url: string,
): Promise<{ status: number; body: { error: Record<string, unknown> } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(body) }),
      );
    });
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
    ws.on('error', () => undefined);
  });
}

describe('GPT-Live: the session.start gate', () => {
  it('listens at /v1/live/sessions with no query and starts with session.started (id, expires_at)', async () => {
    expect(live.simulator.liveUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/live\/sessions$/);
    const client = await live.connect();
    const before = Math.floor(Date.now() / 1000);
    const started = await client.start({ instructions: 'Be brief.' });
    const session = started.session as Record<string, unknown>;
    expect(started.client_event_id).toBe('start_1');
    expect(session.id).toMatch(/^sess_/);
    expect(session).toMatchObject({
      model: 'gpt-live-1',
      status: 'active',
      instructions: 'Be brief.',
      audio: { format: { type: 'audio/pcm', rate: 24000 }, output: { voice: 'marin' } },
      delegation: { type: 'client', acknowledgement_delay_ms: 0 },
    });
    // 60 minutes of session time at 20× is 3 minutes of wall time.
    expect(session.expires_at).toBeGreaterThanOrEqual(before + 179);
    expect(session.expires_at).toBeLessThanOrEqual(before + 182);
  });

  it('accepts gpt-live-1.1 and a startup history', async () => {
    const client = await live.connect();
    const started = await client.start({
      model: 'gpt-live-1.1',
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello!' }] },
      ],
    });
    expect((started.session as { model: string }).model).toBe('gpt-live-1.1');
  });

  it('refuses any other event before session.start, and keeps waiting for it', async () => {
    const client = await live.connect();
    client.send({ type: 'session.input_audio.mute', event_id: 'early' });
    expect(await client.error()).toMatchObject({
      code: 'session_not_started',
      client_event_id: 'early',
    });
    await client.start();
  });

  it('refuses a second session.start and goes on unchanged', async () => {
    const client = await live.connect();
    await client.start({ instructions: 'First.' });
    client.send({ type: 'session.start', event_id: 'again', session: { model: 'gpt-live-1' } });
    expect(await client.error()).toMatchObject({
      code: 'session_already_started',
      client_event_id: 'again',
    });
    client.send({ type: 'session.input_audio.mute', event_id: 'm' });
    await client.next('session.input_audio.muted');
    expect(client.of('session.started')).toHaveLength(1);
  });

  it.each([
    [{ model: 'gpt-live-1', voice: 'marin' }, 'unknown_parameter', 'session.voice'],
    [{ model: 'gpt-realtime' }, 'invalid_value', 'session.model'],
    [{}, 'missing_required_parameter', 'session.model'],
    [
      { model: 'gpt-live-1', instructions: 'x'.repeat(59_000) },
      'string_above_max_length',
      'session.instructions',
    ],
    [
      { model: 'gpt-live-1', audio: { format: { type: 'audio/pcmu', rate: 8000 } } },
      'not_simulated',
      'session.audio.format',
    ],
    [
      { model: 'gpt-live-1', delegation: { type: 'responses', responses: { tools: [] } } },
      'missing_required_parameter',
      'session.delegation.responses.model',
    ],
  ])(
    'answers a bad config %j with an error instead of session.started, then aborts',
    async (session, code, param) => {
      const client = await live.connect();
      client.send({ type: 'session.start', event_id: 'bad', session });
      const error = await client.error();
      expect(error).toMatchObject({ code, param });
      expect(error.client_event_id).toBeUndefined(); // as the field saw startup errors
      const closed = await client.closedWith();
      expect(closed.code).toBe(1006); // aborted, not closed
      expect(client.types()).not.toContain('session.started');
    },
  );

  it('fails the start with credit_balance_exhausted when the instructions ask for it', async () => {
    const client = await live.connect();
    client.send({
      type: 'session.start',
      session: { model: 'gpt-live-1', instructions: 'Simulate credit exhausted.' },
    });
    expect(await client.error()).toMatchObject({ code: 'credit_balance_exhausted' });
    expect((await client.closedWith()).code).toBe(1006);
  });

  it('refuses the model in the URL, and a GPT-Live model on the Realtime path', async () => {
    const live1 = await refusal(`${live.simulator.liveUrl}?model=gpt-live-1`);
    expect(live1.status).toBe(400);
    expect(live1.body.error).toMatchObject({ code: 'unknown_parameter', param: 'model' });
    expect(live1.body.error.message).toMatch(/session\.start/);
    const realtime = await refusal(live.simulator.url.replace('gpt-realtime', 'gpt-live-1'));
    expect(realtime.status).toBe(400);
    expect(realtime.body.error.message).toMatch(/not supported in realtime mode/);
  });

  it('answers a binary frame and an unknown event type with an error; the session goes on', async () => {
    const client = await live.connect();
    await client.start();
    client.ws.send(Buffer.alloc(8), { binary: true });
    expect((await client.error()).message).toMatch(/Binary frames are not supported/);
    client.send({ type: 'input_audio_buffer.commit', event_id: 'rt' });
    expect(await client.error()).toMatchObject({
      code: 'invalid_value',
      param: 'type',
      client_event_id: 'rt',
    });
    client.send({ type: 'session.input_audio.unmute' });
    await client.next('session.input_audio.unmuted');
  });

  it('updates delegation settings only, with the same delegation type', async () => {
    const client = await live.connect();
    await client.start({
      delegation: {
        type: 'responses',
        responses: { model: 'gpt-5.2', instructions: 'Backend.', tools: [] },
      },
    });
    client.send({
      type: 'session.update',
      event_id: 'u1',
      session: {
        delegation: {
          type: 'responses',
          responses: { tools: [{ type: 'function', name: 'clock' }] },
        },
      },
    });
    const updated = await client.next('session.updated');
    expect(updated.client_event_id).toBe('u1');
    expect((updated.session as { delegation: unknown }).delegation).toMatchObject({
      type: 'responses',
      responses: {
        model: 'gpt-5.2',
        instructions: 'Backend.',
        tools: [{ type: 'function', name: 'clock' }],
      },
    });
    client.send({ type: 'session.update', session: { delegation: { type: 'client' } } });
    expect(await client.error()).toMatchObject({
      code: 'invalid_value',
      param: 'session.delegation.type',
    });
    client.send({ type: 'session.update', session: { instructions: 'New.' } });
    expect(await client.error()).toMatchObject({
      code: 'unknown_parameter',
      param: 'session.instructions',
    });
  });
});
