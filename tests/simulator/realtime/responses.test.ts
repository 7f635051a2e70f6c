import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audioMs, simulatorFixture, type Client } from '../support/client';

const sim = simulatorFixture();
beforeEach(() => sim.start());
afterEach(() => sim.stop());

const say = (client: Client, t: string, id?: string): void =>
  client.send({
    type: 'conversation.item.create',
    item: {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: t }],
      ...(id ? { id } : {}),
    },
  });

type Response = {
  id: string;
  status: string;
  status_details: unknown;
  conversation_id: string | null;
  output: { id: string; type: string; content?: unknown[]; name?: string; arguments?: string }[];
  usage: {
    total_tokens: number;
    input_tokens: number;
    output_tokens: number;
    input_token_details: { text_tokens: number; audio_tokens: number; cached_tokens: number };
    output_token_details: { text_tokens: number; audio_tokens: number };
  };
  metadata: unknown;
};
const response = async (client: Client, type = 'response.done'): Promise<Response> =>
  (await client.next(type)).response as Response;

describe('simulated session: responses', () => {
  it('streams an audio reply in GA order, with rate limits after response.created and real usage', async () => {
    const client = await sim.connect();
    client.pushToTalk();
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(1000) });
    client.send({ type: 'input_audio_buffer.commit' });
    client.send({ type: 'response.create' });
    const done = await response(client);
    const types = client.types().filter((t) => !t.endsWith('.delta'));
    const from = types.indexOf('response.created');
    expect(types.slice(from)).toEqual([
      'response.created',
      'rate_limits.updated',
      'response.output_item.added',
      'conversation.item.added',
      'response.content_part.added',
      'response.output_audio.done',
      'response.output_audio_transcript.done',
      'response.content_part.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
    ]);
    const limits = (await client.next('rate_limits.updated')).rate_limits as {
      name: string;
      remaining: number;
      limit: number;
    }[];
    expect(limits.map((l) => l.name)).toEqual(['requests', 'tokens']);
    expect(limits[0]!.remaining).toBe(limits[0]!.limit - 1);
    expect(done.usage.input_token_details.audio_tokens).toBe(10); // 1 s of user audio
    expect(done.usage.output_token_details.audio_tokens).toBe(20); // 1 s of reply audio
    expect(done.usage.output_token_details.text_tokens).toBeGreaterThan(10);
    expect(done.usage.total_tokens).toBe(done.usage.input_tokens + done.usage.output_tokens);
    expect(done.usage.input_tokens).toBe(
      done.usage.input_token_details.text_tokens + done.usage.input_token_details.audio_tokens,
    );
  });

  it('text output: output_text deltas and done, a text content part, no audio', async () => {
    const client = await sim.connect();
    say(client, 'hello');
    client.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const done = await response(client);
    const deltas = client.events
      .filter((e) => e.type === 'response.output_text.delta')
      .map((e) => e.delta);
    const text = (await client.next('response.output_text.done')).text as string;
    expect(deltas.join('')).toBe(text);
    expect((await client.next('response.content_part.added')).part).toEqual({
      type: 'text',
      text: '',
    });
    expect(done.output[0]!.content).toEqual([{ type: 'output_text', text }]);
    expect(done.usage.output_token_details.audio_tokens).toBe(0);
    expect(client.types().some((t) => t.startsWith('response.output_audio'))).toBe(false);
  });

  it('conversation "none" with input by reference: out of band, metadata echoed, conversation unchanged', async () => {
    const client = await sim.connect();
    say(client, 'first', 'item_first');
    await client.next('conversation.item.done');
    client.send({
      type: 'response.create',
      response: {
        conversation: 'none',
        metadata: { kind: 'summary' },
        input: [{ type: 'item_reference', id: 'item_first' }],
      },
    });
    const done = await response(client);
    expect(done).toMatchObject({
      conversation_id: null,
      metadata: { kind: 'summary' },
      status: 'completed',
    });
    expect(JSON.stringify(done.output)).toContain('first');
    expect(client.events.filter((e) => e.type === 'conversation.item.added')).toHaveLength(1);
    client.send({
      type: 'response.create',
      response: { input: [{ type: 'item_reference', id: 'nope' }] },
    });
    expect(await client.error()).toMatchObject({
      code: 'item_not_found',
      param: 'response.input.0.id',
    });
    client.send({ type: 'response.create', response: { conversation: 'other' } });
    expect(await client.error()).toMatchObject({
      code: 'invalid_value',
      param: 'response.conversation',
    });
  });

  it('instructions and tools count as input tokens; a continued conversation reports cached tokens', async () => {
    const client = await sim.connect();
    say(client, 'x'.repeat(5000));
    client.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const first = await response(client);
    expect(first.usage.input_token_details.cached_tokens).toBe(0);
    client.send({
      type: 'response.create',
      response: { output_modalities: ['text'], instructions: 'y'.repeat(400) },
    });
    const second = await response(client);
    expect(second.usage.input_token_details.cached_tokens).toBeGreaterThanOrEqual(1024);
    expect(second.usage.input_token_details.cached_tokens % 64).toBe(0);
    expect(second.usage.input_token_details.cached_tokens).toBeLessThanOrEqual(
      second.usage.input_tokens,
    );
  });

  it('max_output_tokens cuts the reply: status incomplete, reason max_output_tokens', async () => {
    const client = await sim.connect();
    say(client, 'a long question');
    client.send({
      type: 'response.create',
      response: { output_modalities: ['text'], max_output_tokens: 5 },
    });
    const done = await response(client);
    expect(done.status).toBe('incomplete');
    expect(done.status_details).toEqual({ type: 'incomplete', reason: 'max_output_tokens' });
    expect(done.usage.output_tokens).toBeLessThanOrEqual(5);
  });

  it('refuses a second response while one is active; cancel ends it with client_cancelled', async () => {
    await sim.stop();
    await sim.start({ pacing: 'realtime' });
    const client = await sim.connect();
    client.pushToTalk();
    client.send({ type: 'input_audio_buffer.append', audio: audioMs(1000) });
    client.send({ type: 'input_audio_buffer.commit' });
    client.send({ type: 'response.create' });
    const created = await response(client, 'response.created');
    client.send({ type: 'response.create' });
    expect(await client.error()).toMatchObject({
      code: 'conversation_already_has_active_response',
    });
    client.send({ type: 'response.cancel', response_id: created.id });
    const done = await response(client);
    expect(done).toMatchObject({
      status: 'cancelled',
      status_details: { type: 'cancelled', reason: 'client_cancelled' },
    });
    expect(done.output[0]).toMatchObject({ status: 'incomplete' });
  });

  describe('deterministic function calls', () => {
    const weather = {
      type: 'function',
      name: 'get_weather',
      parameters: {
        type: 'object',
        properties: {
          city: { type: 'string' },
          days: { type: 'integer', default: 1 },
          unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        },
        required: ['city', 'unit'],
      },
    };

    async function toolSession(extra: Record<string, unknown> = {}): Promise<Client> {
      const client = await sim.connect();
      client.send({
        type: 'session.update',
        session: { type: 'realtime', tools: [weather], ...extra },
      });
      await client.next('session.updated');
      return client;
    }

    it('calls the tool the message names, streaming its arguments, then answers with its output', async () => {
      const client = await toolSession();
      say(client, 'What does get weather say for city: "New York" unit=fahrenheit?');
      client.send({ type: 'response.create' });
      const done = await response(client);
      const call = done.output[0]!;
      expect(call).toMatchObject({
        type: 'function_call',
        name: 'get_weather',
        status: 'completed',
      });
      expect(JSON.parse(call.arguments!)).toEqual({
        city: 'New York',
        days: 1,
        unit: 'fahrenheit',
      });
      const deltas = client.events.filter(
        (e) => e.type === 'response.function_call_arguments.delta',
      );
      const argsDone = await client.next('response.function_call_arguments.done');
      expect(deltas.map((d) => d.delta).join('')).toBe(call.arguments);
      expect(argsDone).toMatchObject({
        name: 'get_weather',
        arguments: call.arguments,
        call_id: (call as { call_id?: string }).call_id,
      });
      client.send({
        type: 'conversation.item.create',
        item: { type: 'function_call_output', call_id: argsDone.call_id, output: '{"temp":70}' },
      });
      client.send({ type: 'response.create' });
      await response(client);
      expect((await client.next('response.output_audio_transcript.done')).transcript).toBe(
        'The get_weather tool returned: {"temp":70}',
      );
    });

    it('takes arguments from a JSON object in the message; empty values for required ones never said', async () => {
      const client = await toolSession();
      say(client, 'get_weather {"city": "Oslo", "days": 3}');
      client.send({ type: 'response.create' });
      expect(JSON.parse((await response(client)).output[0]!.arguments!)).toEqual({
        city: 'Oslo',
        days: 3,
        unit: 'celsius',
      });
      say(client, 'call GET_WEATHER now');
      client.send({ type: 'response.create' });
      expect(JSON.parse((await response(client)).output[0]!.arguments!)).toEqual({
        city: '',
        days: 1,
        unit: 'celsius',
      });
    });

    it('tool_choice none replies; required and a forced function call without a mention', async () => {
      const client = await toolSession({ tool_choice: 'none' });
      say(client, 'get_weather city=Rome');
      client.send({ type: 'response.create' });
      expect((await response(client)).output[0]!.type).toBe('message');
      say(client, 'no tool named here');
      client.send({ type: 'response.create', response: { tool_choice: 'required' } });
      expect((await response(client)).output[0]!.name).toBe('get_weather');
      client.send({
        type: 'conversation.item.create',
        item: { type: 'function_call_output', call_id: 'call_x', output: 'ok' },
      });
      say(client, 'still nothing');
      client.send({
        type: 'response.create',
        response: { tool_choice: { type: 'function', name: 'get_weather' } },
      });
      expect((await response(client)).output[0]!.name).toBe('get_weather');
    });

    it('a plain message when no declared tool is named, and response-level tools override the session’s', async () => {
      const client = await toolSession();
      say(client, 'weather please');
      client.send({ type: 'response.create' });
      expect((await response(client)).output[0]!.type).toBe('message');
      say(client, 'lookup_order id=7');
      client.send({
        type: 'response.create',
        response: {
          tools: [
            {
              type: 'function',
              name: 'lookup_order',
              parameters: { type: 'object', properties: { id: { type: 'number' } } },
            },
          ],
        },
      });
      const done = await response(client);
      expect(done.output[0]).toMatchObject({ name: 'lookup_order', arguments: '{"id":7}' });
    });
  });
});
