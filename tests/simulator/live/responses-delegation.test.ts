import { afterEach, describe, expect, it } from 'vitest';
import {
  liveFixture,
  toneThenSilence,
  type LiveClient,
  type LiveEvent,
} from './support/live-client';

const live = liveFixture();
afterEach(async () => expect(await live.stop()).toEqual([]));

const calculator = {
  type: 'function',
  name: 'calculator',
  description: 'Evaluates an arithmetic expression.',
  parameters: {
    type: 'object',
    properties: { expression: { type: 'string' } },
    required: ['expression'],
  },
};
const responses = (extra: Record<string, unknown> = {}) => ({
  delegation: { type: 'responses', responses: { model: 'gpt-5.2', tools: [calculator], ...extra } },
});

const nested = (client: LiveClient): { type: string; [key: string]: unknown }[] =>
  client.of('response.event').map((e) => e.event as { type: string });

async function completedRuns(client: LiveClient, count: number): Promise<void> {
  await client.until(
    () =>
      nested(client).filter((e) => e.type === 'response.completed').length >= count || undefined,
  );
}

function functionCall(client: LiveClient): {
  call_id: string;
  name: string;
  arguments: string;
  status: string;
} {
  const done = nested(client).find(
    (e) =>
      e.type === 'response.output_item.done' &&
      (e.item as { type: string }).type === 'function_call',
  );
  return done!.item as never;
}

describe('GPT-Live: Responses delegation', () => {
  it('calls a tool named in speech: delegation.created, then the wrapped Responses stream', async () => {
    await live.start({ transcribe: () => 'ask the calculator expression=6*7' });
    const client = await live.connect();
    await client.start(responses());
    client.stream(toneThenSilence(700, 600));
    const created = await client.next('session.delegation.created');
    const delegation = created.delegation as { id: string; target: string; response_id: string };
    expect(delegation.target).toBe('responses');
    await completedRuns(client, 1);
    const wrapped = client.of('response.event');
    for (const e of wrapped) expect(e.delegation_id).toBe(delegation.id);
    const events = nested(client);
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect((events[0]!.response as { id: string }).id).toBe(delegation.response_id);
    expect(events.map((e) => e.sequence_number)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const call = functionCall(client);
    expect(call).toMatchObject({
      name: 'calculator',
      status: 'completed',
      arguments: '{"expression":"6*7"}',
    });
    const completed = events.at(-1)!.response as {
      output: unknown[];
      usage: { total_tokens: number };
    };
    expect(completed.output).toEqual([]);
    expect(completed.usage.total_tokens).toBeGreaterThan(0);
    // The voice does not play the question back: it acknowledges and waits for the result.
    await client.until(
      () => client.text('session.output_transcript.delta') === 'One moment.' || undefined,
    );
  });

  it('continues after the output with one response.create; the voice speaks the result', async () => {
    await live.start({ transcribe: () => 'use the calculator please' });
    const client = await live.connect();
    await client.start(responses());
    client.stream(toneThenSilence(700, 600));
    await completedRuns(client, 1);
    const call = functionCall(client);
    client.send({ type: 'response.create', event_id: 'too-early' });
    expect(await client.error()).toMatchObject({
      code: 'function_call_outputs_required',
      client_event_id: 'too-early',
    });
    client.send({
      type: 'response.item.create',
      item: { type: 'function_call_output', call_id: call.call_id, output: '42' },
    });
    client.send({ type: 'response.create', event_id: 'go' });
    await completedRuns(client, 2);
    const continuation = nested(client).slice(7);
    expect(continuation.map((e) => e.type)).toContain('response.output_text.delta');
    const text = continuation.find((e) => e.type === 'response.output_text.done')!.text;
    expect(text).toBe('The calculator tool returned: 42');
    // Same delegation; no new session.delegation.created for a continuation.
    expect(client.of('session.delegation.created')).toHaveLength(1);
    await client.until(
      () =>
        client
          .text('session.output_transcript.delta')
          .endsWith('The calculator tool returned: 42') || undefined,
    );
  });

  it('refuses an output for an unknown call, and a second output for the same call', async () => {
    await live.start({ transcribe: () => 'calculator' });
    const client = await live.connect();
    await client.start(responses());
    client.send({
      type: 'response.item.create',
      event_id: 'stray',
      item: { type: 'function_call_output', call_id: 'call_nope', output: '1' },
    });
    expect(await client.error()).toMatchObject({
      code: 'invalid_value',
      param: 'item.call_id',
      client_event_id: 'stray',
    });
    client.stream(toneThenSilence(700, 600));
    await completedRuns(client, 1);
    const { call_id } = functionCall(client);
    client.send({
      type: 'response.item.create',
      item: { type: 'function_call_output', call_id, output: '1' },
    });
    client.send({
      type: 'response.item.create',
      item: { type: 'function_call_output', call_id, output: '2' },
    });
    expect((await client.error()).message).toMatch(/already has an output/);
  });

  it('enforces the 32,768-byte input budget: the call then stays pending', async () => {
    await live.start({ transcribe: () => 'calculator' });
    const client = await live.connect();
    await client.start(responses());
    client.stream(toneThenSilence(700, 600));
    await completedRuns(client, 1);
    const { call_id } = functionCall(client);
    client.send({
      type: 'response.item.create',
      item: { type: 'function_call_output', call_id, output: 'é'.repeat(16_385) }, // 32,770 bytes
    });
    expect(await client.error()).toMatchObject({ code: 'response_input_buffer_full' });
    client.send({ type: 'response.create' });
    expect(await client.error()).toMatchObject({ code: 'function_call_outputs_required' });
    client.send({
      type: 'response.item.create',
      item: { type: 'function_call_output', call_id, output: 'ok' },
    });
    client.send({ type: 'response.create' });
    await completedRuns(client, 2);
  });

  it('enforces the 128-item input budget', async () => {
    await live.start();
    const client = await live.connect();
    await client.start(responses());
    for (let i = 0; i < 129; i++) {
      client.send({
        type: 'response.item.create',
        event_id: `i${i}`,
        item: { type: 'message', role: 'developer', content: 'note' },
      });
    }
    const error = await client.error();
    expect(error).toMatchObject({ code: 'response_input_buffer_full', client_event_id: 'i128' });
    await new Promise((wait) => setTimeout(wait, 100));
    expect(client.of('error')).toHaveLength(1);
  });

  it('runs a typed message: a named tool is called, as from speech', async () => {
    await live.start();
    const client = await live.connect();
    await client.start(responses());
    client.send({
      type: 'response.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'calculator expression=2+2' }],
      },
    });
    client.send({ type: 'response.create', event_id: 'typed' });
    const created = await client.next('session.delegation.created');
    expect(created.client_event_id).toBe('typed');
    await completedRuns(client, 1);
    expect(functionCall(client)).toMatchObject({
      name: 'calculator',
      arguments: '{"expression":"2+2"}',
    });
  });

  it('answers a typed message that names no tool in text, which the voice speaks', async () => {
    await live.start();
    const client = await live.connect();
    await client.start(responses());
    client.send({
      type: 'response.item.create',
      item: { type: 'message', role: 'user', content: 'Hello backend' },
    });
    client.send({ type: 'response.create' });
    await completedRuns(client, 1);
    const done = nested(client).find((e) => e.type === 'response.output_text.done') as LiveEvent;
    expect(done.text).toMatch(/you wrote “Hello backend”/);
    await client.until(
      () => client.text('session.output_transcript.delta').endsWith('”.') || undefined,
    );
  });

  it('plays back speech that names no tool, and honours tool_choice none', async () => {
    await live.start({ transcribe: () => 'calculator' });
    const client = await live.connect();
    await client.start(responses({ tool_choice: 'none' }));
    client.stream(toneThenSilence(700, 600));
    await client.until(
      () => client.text('session.output_transcript.delta') === 'You said: calculator' || undefined,
    );
    expect(client.types()).not.toContain('session.delegation.created');
  });

  it('refuses backend events under client delegation and a non-null delegation_id under Responses', async () => {
    await live.start();
    const plain = await live.connect();
    await plain.start();
    plain.send({ type: 'response.create' });
    expect(await plain.error()).toMatchObject({ code: 'responses_delegation_required' });
    const backed = await live.connect();
    await backed.start(responses());
    backed.send({ type: 'session.commentary.append', content: 'x', delegation_id: 'deleg_1' });
    expect(await backed.error()).toMatchObject({ code: 'invalid_value', param: 'delegation_id' });
  });

  it('MCP servers on the backend: a named tool asks for approval; the answer is spoken after response.create', async () => {
    await live.start();
    const client = await live.connect();
    const server = { type: 'mcp', server_url: 'https://mcp.example.com/mcp' };
    const docs = { ...server, server_label: 'docs', allowed_tools: ['echo'] };
    const quiet = {
      ...server,
      server_label: 'calc',
      allowed_tools: ['add'],
      require_approval: 'never',
    };
    await client.start(responses({ tools: [docs, quiet] }));
    const type = (text: string, id: string): void => {
      client.send({
        type: 'response.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
      });
      client.send({ type: 'response.create', event_id: id });
    };
    type('please echo text=hi-there', 'ask');
    await completedRuns(client, 1);
    const request = nested(client).find(
      (e) =>
        e.type === 'response.output_item.done' &&
        (e.item as { type: string }).type === 'mcp_approval_request',
    )!.item as { id: string; server_label: string; name: string; arguments: string };
    expect(request).toMatchObject({
      server_label: 'docs',
      name: 'echo',
      arguments: '{"text":"hi-there"}',
    });
    // An answer to a request that does not exist is refused.
    client.send({
      type: 'response.item.create',
      event_id: 'stray',
      item: { type: 'mcp_approval_response', approval_request_id: 'mcpr_nope', approve: true },
    });
    expect(await client.error()).toMatchObject({ code: 'invalid_value', client_event_id: 'stray' });
    client.send({
      type: 'response.item.create',
      item: { type: 'mcp_approval_response', approval_request_id: request.id, approve: true },
    });
    client.send({ type: 'response.create' });
    await completedRuns(client, 2);
    expect(
      nested(client)
        .filter((e) => e.type === 'response.output_text.done')
        .at(-1)!.text,
    ).toBe('The echo tool returned: hi-there');
    // require_approval "never": the canned result comes at once, no request.
    type('add a=2 b=3 please', 'add');
    await completedRuns(client, 3);
    expect(
      nested(client)
        .filter((e) => e.type === 'response.output_text.done')
        .at(-1)!.text,
    ).toBe('The add tool returned: 5');
  });
});
