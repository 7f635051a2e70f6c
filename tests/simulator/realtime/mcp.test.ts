import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simulatorFixture, type Client } from '../support/client';

const sim = simulatorFixture();
beforeEach(() => sim.start());
afterEach(() => sim.stop());

const say = (client: Client, t: string): void =>
  client.send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: t }] },
  });

async function withServer(client: Client, tool: Record<string, unknown>): Promise<void> {
  client.send({
    type: 'session.update',
    session: {
      type: 'realtime',
      tools: [
        { type: 'mcp', server_label: 'docs', server_url: 'https://mcp.example/sse', ...tool },
      ],
    },
  });
  await client.next('session.updated');
}

type Item = { id: string; type: string; [key: string]: unknown };

describe('simulated session: remote MCP tools', () => {
  it('lists a new server’s canned tools with mcp_list_tools events and a conversation item', async () => {
    const client = await sim.connect();
    await withServer(client, {});
    const added = await client.next('conversation.item.added');
    const inProgress = await client.next('mcp_list_tools.in_progress');
    const completed = await client.next('mcp_list_tools.completed');
    const done = await client.next('conversation.item.done');
    const item = done.item as Item;
    expect(inProgress.item_id).toBe(item.id);
    expect(completed.item_id).toBe(item.id);
    expect(added.item).toMatchObject({ type: 'mcp_list_tools', server_label: 'docs', tools: [] });
    expect((item.tools as { name: string }[]).map((t) => t.name)).toEqual(['echo', 'add']);
    client.send({ type: 'conversation.item.retrieve', item_id: item.id });
    expect((await client.next('conversation.item.retrieved')).item).toMatchObject({
      type: 'mcp_list_tools',
    });
    // The same server again is not listed again.
    client.send({ type: 'session.update', session: { type: 'realtime', instructions: 'x' } });
    await client.next('session.updated');
    expect(client.types().filter((t) => t === 'mcp_list_tools.in_progress')).toHaveLength(1);
  });

  it('allowed_tools names the listed tools', async () => {
    const client = await sim.connect();
    await withServer(client, { allowed_tools: ['search_docs'] });
    const done = await client.next('conversation.item.done');
    expect(((done.item as Item).tools as { name: string }[]).map((t) => t.name)).toEqual([
      'search_docs',
    ]);
  });

  it('require_approval never: a named tool is called with mcp_call events, then its output answered', async () => {
    const client = await sim.connect();
    await withServer(client, { require_approval: 'never' });
    say(client, 'use add with a=2 b=40');
    client.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const done = (await client.next('response.done')).response as { output: Item[] };
    expect(done.output[0]).toMatchObject({
      type: 'mcp_call',
      server_label: 'docs',
      name: 'add',
      arguments: '{"a":2,"b":40}',
      output: '42',
    });
    const types = client.types();
    for (const t of [
      'response.mcp_call_arguments.delta',
      'response.mcp_call_arguments.done',
      'response.mcp_call.in_progress',
      'response.mcp_call.completed',
    ]) {
      expect(types).toContain(t);
    }
    expect(types.indexOf('response.mcp_call.in_progress')).toBeLessThan(
      types.indexOf('response.mcp_call.completed'),
    );
    client.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    await client.next('response.done');
    expect((await client.next('response.output_text.done')).text).toBe('The add tool returned: 42');
  });

  it('by default a call waits for approval: mcp_approval_request, then the response item goes on by itself', async () => {
    const client = await sim.connect();
    await withServer(client, {});
    say(client, 'echo text="hello there"');
    client.send({ type: 'response.create' });
    const first = (await client.next('response.done')).response as { output: Item[] };
    const request = first.output[0]!;
    expect(request).toMatchObject({
      type: 'mcp_approval_request',
      name: 'echo',
      server_label: 'docs',
      arguments: '{"text":"hello there"}',
    });
    client.send({
      type: 'conversation.item.create',
      previous_item_id: request.id,
      item: { type: 'mcp_approval_response', approval_request_id: request.id, approve: true },
    });
    const second = (await client.next('response.done')).response as { output: Item[] };
    expect(second.output[0]).toMatchObject({
      type: 'mcp_call',
      name: 'echo',
      output: 'hello there',
      approval_request_id: request.id,
    });
  });

  it('a declined approval is answered without calling the tool', async () => {
    const client = await sim.connect();
    await withServer(client, { require_approval: { never: { tool_names: ['add'] } } });
    say(client, 'echo text=secret');
    client.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const request = ((await client.next('response.done')).response as { output: Item[] })
      .output[0]!;
    expect(request.type).toBe('mcp_approval_request');
    client.send({
      type: 'conversation.item.create',
      item: {
        type: 'mcp_approval_response',
        approval_request_id: request.id,
        approve: false,
        reason: 'no',
      },
    });
    await client.next('response.done');
    expect(client.types()).not.toContain('response.mcp_call.in_progress');
  });
});
