import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ToolCallMessage } from '../../../../src/shared/assistant';
import { ApprovalGate } from '../../../../src/main/assistant/tools/approvals';
import { ToolRegistry } from '../../../../src/main/assistant/tools/registry';
import { defineTool } from '../../../../src/main/assistant/tools/tool';
import { ToolCallRunner } from '../../../../src/main/assistant/tools/tool-calls';

const flush = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const sent: { type: string; item?: Record<string, unknown> }[] = [];
  let followUps = 0;
  let releaseSlow: (() => void) | null = null;
  const registry = new ToolRegistry([
    defineTool({
      name: 'add',
      description: 'Add.',
      parameters: z.object({ a: z.number(), b: z.number() }),
      approval: 'auto',
      describe: ({ a, b }) => `Add ${a} and ${b}`,
      run: ({ a, b }) => a + b,
    }),
    defineTool({
      name: 'copy',
      description: 'Copy.',
      parameters: z.object({ text: z.string() }),
      approval: 'ask',
      describe: ({ text }) => `Copy “${text}”`,
      run: () => 'Copied.',
    }),
    defineTool({
      name: 'type',
      description: 'Type.',
      parameters: z.object({ text: z.string() }),
      approval: 'ask',
      allowAlways: false,
      describe: () => 'Type some text',
      detail: ({ text }) => ({ kind: 'text', label: 'Text to type', text }),
      run: () => 'Typed.',
    }),
    defineTool({
      name: 'slow',
      description: 'Slow.',
      parameters: z.object({}),
      approval: 'auto',
      describe: () => 'Slow',
      run: (_a, { signal }) =>
        new Promise((resolve, reject) => {
          releaseSlow = () => resolve('finished');
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    }),
    defineTool({
      name: 'throws',
      description: 'Throws.',
      parameters: z.object({}),
      approval: 'auto',
      describe: () => 'Throw',
      run: () => {
        throw new Error('kaput');
      },
    }),
  ]);
  const gate = new ApprovalGate();
  const runner = new ToolCallRunner(registry, gate, {
    send: (event) => {
      sent.push(event as never);
      return 'evt';
    },
    requestResponse: () => void followUps++,
  });
  const calls: ToolCallMessage[] = [];
  runner.on('call', (c) => calls.push(c));
  const requests: string[] = [];
  gate.on('requested', (r) => requests.push(r.id));
  const outputs = () =>
    sent
      .filter((e) => e.item?.type === 'function_call_output')
      .map((e) => ({ call: e.item!.call_id, output: JSON.parse(String(e.item!.output)) }));
  return {
    runner,
    gate,
    sent,
    calls,
    requests,
    outputs,
    followUps: () => followUps,
    releaseSlow: () => releaseSlow?.(),
  };
}

describe('ToolCallRunner', () => {
  it('runs a call, returns its output, then asks for one follow-up after response.done', async () => {
    const t = setup();
    t.runner.onArguments({
      callId: 'c1',
      name: 'add',
      arguments: '{"a":2,"b":3}',
      responseId: 'r1',
    });
    await flush();
    expect(t.outputs()).toEqual([{ call: 'c1', output: { result: 5 } }]);
    expect(t.followUps()).toBe(0); // the response is still going
    t.runner.onResponseDone('r1', 'completed');
    expect(t.followUps()).toBe(1);
    expect(t.calls.map((c) => c.status)).toEqual(['running', 'done']);
    expect(t.calls.at(-1)).toMatchObject({ summary: 'Add 2 and 3', result: '5' });
  });

  it('answers several calls of one response and asks for a single follow-up', async () => {
    const t = setup();
    t.runner.onArguments({
      callId: 'c1',
      name: 'add',
      arguments: '{"a":1,"b":1}',
      responseId: 'r1',
    });
    t.runner.onArguments({
      callId: 'c2',
      name: 'copy',
      arguments: '{"text":"hi"}',
      responseId: 'r1',
    });
    t.runner.onArguments({ callId: 'c3', name: 'throws', arguments: '{}', responseId: 'r1' });
    t.runner.onResponseDone('r1', 'completed');
    await flush();
    expect(t.followUps()).toBe(0); // c2 waits for the user
    expect(t.runner.busy).toBe(true);
    expect(t.gate.answer({ id: t.requests[0]!, decision: 'once' })).toEqual({ ok: true });
    await flush();
    expect(
      t
        .outputs()
        .map((o) => o.call)
        .sort(),
    ).toEqual(['c1', 'c2', 'c3']);
    expect(t.outputs().find((o) => o.call === 'c3')!.output.error).toMatch(/kaput/);
    expect(t.followUps()).toBe(1);
    expect(t.runner.busy).toBe(false);
  });

  it('tells the model when the user denies, and does not run the tool', async () => {
    const t = setup();
    t.runner.onArguments({
      callId: 'c1',
      name: 'copy',
      arguments: '{"text":"x"}',
      responseId: 'r1',
    });
    t.runner.onResponseDone('r1', 'completed');
    t.gate.answer({ id: t.requests[0]!, decision: 'deny' });
    await flush();
    expect(t.outputs()[0]!.output.error).toMatch(/declined/);
    expect(t.calls.at(-1)!.status).toBe('denied');
    expect(t.followUps()).toBe(1);
  });

  it('remembers "always" for that tool only', async () => {
    const t = setup();
    t.runner.onArguments({
      callId: 'c1',
      name: 'copy',
      arguments: '{"text":"x"}',
      responseId: 'r1',
    });
    t.gate.answer({ id: t.requests[0]!, decision: 'always' });
    await flush();
    t.runner.onArguments({
      callId: 'c2',
      name: 'copy',
      arguments: '{"text":"y"}',
      responseId: 'r2',
    });
    await flush();
    expect(t.requests).toHaveLength(1);
    expect(t.outputs().map((o) => o.output)).toEqual([
      { result: 'Copied.' },
      { result: 'Copied.' },
    ]);
    expect(t.gate.allowedTools()).toEqual(['copy']);
  });

  it('a malformed call gets an error output and does not block the follow-up', async () => {
    const t = setup();
    t.runner.onArguments({ callId: 'c1', name: 'add', arguments: '{"a":"two"}', responseId: 'r1' });
    t.runner.onArguments({ callId: 'c2', name: 'missing', arguments: '{}', responseId: 'r1' });
    t.runner.onResponseDone('r1', 'completed');
    expect(t.outputs().map((o) => o.output.error)).toEqual([
      expect.stringMatching(/Invalid arguments/),
      expect.stringMatching(/no tool named/),
    ]);
    expect(t.followUps()).toBe(1);
  });

  it('a barge-in withdraws a waiting approval and aborts a running call, without a follow-up', async () => {
    const t = setup();
    const settled: string[] = [];
    t.gate.on('settled', (s) => settled.push(s.outcome));
    t.runner.onArguments({
      callId: 'c1',
      name: 'copy',
      arguments: '{"text":"x"}',
      responseId: 'r1',
    });
    t.runner.onArguments({ callId: 'c2', name: 'slow', arguments: '{}', responseId: 'r1' });
    t.runner.onResponseDone('r1', 'cancelled');
    await flush();
    expect(settled).toEqual(['expired']);
    expect(t.gate.answer({ id: t.requests[0]!, decision: 'once' }).ok).toBe(false); // too late
    expect(t.calls.filter((c) => c.callId === 'c1').at(-1)!.status).toBe('cancelled');
    expect(t.calls.filter((c) => c.callId === 'c2').at(-1)!.status).toBe('cancelled');
    expect(t.outputs()).toHaveLength(2);
    expect(t.followUps()).toBe(0);
    expect(t.runner.busy).toBe(false);
  });

  it('a call that arrives after its response was cancelled is not made', async () => {
    const t = setup();
    t.runner.onArguments({ callId: 'c0', name: 'slow', arguments: '{}', responseId: 'r1' });
    t.runner.onResponseDone('r1', 'cancelled');
    t.runner.onArguments({
      callId: 'c1',
      name: 'copy',
      arguments: '{"text":"x"}',
      responseId: 'r1',
    });
    expect(t.requests).toHaveLength(0);
    expect(t.calls.at(-1)).toMatchObject({ callId: 'c1', status: 'cancelled' });
  });

  it('refuses approvals from an older connection and drops its late results', async () => {
    const t = setup();
    t.runner.newConnection(1);
    t.runner.onArguments({
      callId: 'c1',
      name: 'copy',
      arguments: '{"text":"x"}',
      responseId: 'r1',
    });
    t.runner.onArguments({ callId: 'c2', name: 'slow', arguments: '{}', responseId: 'r1' });
    t.runner.newConnection(2); // reconnect
    expect(t.gate.answer({ id: t.requests[0]!, decision: 'once' }).ok).toBe(false);
    t.releaseSlow();
    await flush();
    expect(t.outputs()).toEqual([]); // the old session's items are gone; nothing is sent
    expect(t.runner.busy).toBe(false);
  });

  it('ignores a repeated arguments.done for the same call', async () => {
    const t = setup();
    const call = { callId: 'c1', name: 'add', arguments: '{"a":1,"b":2}', responseId: 'r1' };
    t.runner.onArguments(call);
    t.runner.onArguments(call);
    await flush();
    expect(t.outputs()).toHaveLength(1);
  });

  it('answers an MCP approval request with an mcp_approval_response and a response', async () => {
    const t = setup();
    t.runner.onMcpApprovalRequest({
      id: 'mcpr_1',
      name: 'search',
      arguments: '{"q":"x"}',
      serverLabel: 'docs',
    });
    expect(t.gate.pending()[0]).toMatchObject({
      tool: 'docs:search',
      source: 'mcp',
      server: 'docs',
      summary: 'Use “search” on docs with {"q":"x"}',
      detail: { kind: 'arguments', json: '{\n  "q": "x"\n}' },
      allowAlways: true,
    });
    t.gate.answer({ id: t.requests[0]!, decision: 'deny' });
    await flush();
    expect(t.sent.at(-1)!.item).toMatchObject({
      type: 'mcp_approval_response',
      approval_request_id: 'mcpr_1',
      approve: false,
    });
    expect(t.followUps()).toBe(1);
  });

  it('asks with the full detail, and a tool approved each time cannot be allowed always', async () => {
    const t = setup();
    const text = 'line one\nline two \u202Eevil';
    t.runner.onArguments({
      callId: 'c1',
      name: 'type',
      arguments: JSON.stringify({ text }),
      responseId: 'r1',
    });
    expect(t.gate.pending()[0]).toMatchObject({
      tool: 'type',
      allowAlways: false,
      detail: { kind: 'text', label: 'Text to type', text },
    });
    expect(t.gate.answer({ id: t.requests[0]!, decision: 'always' }).ok).toBe(false);
    expect(t.calls.at(-1)!.status).toBe('awaiting-approval');
    t.gate.answer({ id: t.requests[0]!, decision: 'once' });
    t.runner.onResponseDone('r1', 'completed');
    await flush();
    expect(t.outputs()).toEqual([{ call: 'c1', output: { result: 'Typed.' } }]);
    // Asked again next time.
    t.runner.onArguments({
      callId: 'c2',
      name: 'type',
      arguments: '{"text":"x"}',
      responseId: 'r2',
    });
    expect(t.requests).toHaveLength(2);
  });

  it('shows an MCP call’s hidden characters in its summary and its whole arguments', () => {
    const t = setup();
    const args = JSON.stringify({ q: 'a\u202Eb', pad: 'p'.repeat(300) });
    t.runner.onMcpApprovalRequest({
      id: 'm1',
      name: 'search',
      arguments: args,
      serverLabel: 'docs',
    });
    const request = t.gate.pending()[0]!;
    expect(request.summary).toContain('a[U+202E]b');
    expect(request.summary).not.toContain('\u202E');
    expect(request.detail).toEqual({
      kind: 'arguments',
      json: JSON.stringify(JSON.parse(args), null, 2),
    });
  });
});
