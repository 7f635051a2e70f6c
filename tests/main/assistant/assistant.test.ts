import { describe, expect, it } from 'vitest';
import type { RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import { Assistant, type AssistantNotice } from '../../../src/main/assistant/assistant';
import { MemoryMcpSecretStore } from '../../../src/main/assistant/memory-stores';
import type { DesktopActions } from '../../../src/main/assistant/tools/desktop-actions';

const flush = () => new Promise((r) => setTimeout(r, 0));

const desktop: DesktopActions = {
  readClipboard: () => 'clip',
  writeClipboard: () => undefined,
  openExternal: async () => undefined,
  pasteKeystroke: async () => undefined,
};

function responseDone(id: string, status: string, audioOut: number, output: object[] = []) {
  return {
    type: 'response.done',
    event_id: 'e',
    response: {
      id,
      status,
      output,
      usage: {
        input_token_details: { text_tokens: 100 },
        output_token_details: { audio_tokens: audioOut },
      },
    },
  } as unknown as RealtimeServerEvent;
}

function setup(cap = 0) {
  const sent: { type: string; item?: { type: string } }[] = [];
  let followUps = 0;
  const notices: AssistantNotice[] = [];
  const assistant = new Assistant({
    desktop,
    redactor: { text: (v) => v.replaceAll('sk-live', '[redacted]') },
    model: () => 'gpt-realtime',
    spendCapUsd: () => cap,
    mcpServers: () => [
      {
        label: 'docs',
        url: 'https://mcp.example.com',
        allowedTools: [],
        approval: 'always',
        enabled: true,
      },
    ],
    mcpSecrets: new MemoryMcpSecretStore(),
  });
  assistant.on('notice', (n) => notices.push(n));
  assistant.attach(
    {
      send: (e) => {
        sent.push(e as never);
        return 'id';
      },
      requestResponse: () => void followUps++,
    },
    1,
  );
  return { assistant, sent, notices, followUps: () => followUps };
}

describe('Assistant', () => {
  it('declares the built-in functions and the MCP servers', () => {
    const tools = setup().assistant.sessionTools('openai wss://api.openai.com');
    expect(tools.map((t) => (t.type === 'mcp' ? `mcp:${t.server_label}` : t.name))).toEqual([
      'get_current_time',
      'calculate',
      'read_clipboard',
      'copy_to_clipboard',
      'open_url',
      'type_text',
      'mcp:docs',
    ]);
  });

  it('runs a function call from the server events and asks for the follow-up', async () => {
    const t = setup();
    const calls: string[] = [];
    t.assistant.on('tool-call', (c) => calls.push(`${c.tool}:${c.status}`));
    t.assistant.onServerEvent({
      type: 'response.function_call_arguments.done',
      event_id: 'e1',
      call_id: 'call_1',
      item_id: 'item_1',
      name: 'calculate',
      arguments: '{"expression":"6*7"}',
      output_index: 0,
      response_id: 'resp_1',
    });
    t.assistant.onServerEvent(responseDone('resp_1', 'completed', 0));
    await flush();
    expect(calls).toEqual(['calculate:running', 'calculate:done']);
    expect(t.sent[0]).toMatchObject({
      item: { type: 'function_call_output', call_id: 'call_1', output: '{"result":"42"}' },
    });
    expect(t.followUps()).toBe(1);
  });

  it('sums usage into the status and stops asking for replies at the spend cap', async () => {
    const t = setup(0.01);
    const costs: (number | null)[] = [];
    t.assistant.on('usage', (u) => costs.push(u.turnCost));
    t.assistant.onServerEvent(
      responseDone('r1', 'completed', 100, [{ type: 'message', id: 'item_a' }]),
    );
    expect(t.assistant.blocked).toBeNull();
    // 100 text in × $4/M + 100 audio out × $64/M = $0.0068 per reply
    t.assistant.onServerEvent(responseDone('r2', 'completed', 100));
    expect(costs).toEqual([0.0068, 0.0068].map((c) => expect.closeTo(c, 10)) as never);
    expect(t.assistant.status().sessionCost).toBeCloseTo(0.0136, 10);
    expect(t.assistant.blocked).toMatch(/spending limit/);
    expect(t.notices.map((n) => n.title)).toEqual(['Spending limit reached']);
    t.assistant.newConversation();
    expect(t.assistant.blocked).toBeNull();
  });

  it('warns once when a rate limit is nearly used up', () => {
    const t = setup();
    const event = {
      type: 'rate_limits.updated',
      event_id: 'e',
      rate_limits: [{ name: 'tokens', limit: 1000, remaining: 20, reset_seconds: 10 }],
    } as RealtimeServerEvent;
    t.assistant.onServerEvent(event);
    t.assistant.onServerEvent(event);
    expect(t.notices.map((n) => n.title)).toEqual(['Nearing a rate limit']);
    expect(t.assistant.status().rateLimits).toHaveLength(1);
  });

  it('asks once per MCP approval request, even when the item is announced twice', () => {
    const t = setup();
    const requests: string[] = [];
    t.assistant.on('approval-request', (r) => requests.push(r.summary));
    const item = {
      id: 'mcpr_1',
      type: 'mcp_approval_request',
      name: 'search',
      arguments: '{}',
      server_label: 'docs',
    };
    t.assistant.onServerEvent({ type: 'conversation.item.added', event_id: 'a', item } as never);
    t.assistant.onServerEvent({ type: 'conversation.item.done', event_id: 'b', item } as never);
    expect(requests).toEqual(['Use “search” on docs']);
    expect(t.assistant.status().pendingApprovals).toHaveLength(1);
  });

  it('records wire events for the inspector, redacted', () => {
    const t = setup();
    t.assistant.onWire({
      direction: 'received',
      at: 1,
      type: 'error',
      bytes: 40,
      event: { message: 'bad key sk-live' },
    });
    expect(t.assistant.inspector.list()[0]!.json).toBe('{"message":"bad key [redacted]"}');
  });

  it('reports a failed transcription at once, with the server’s reason redacted and shortened', () => {
    const t = setup();
    const failures: { itemId: string; reason: string }[] = [];
    t.assistant.on('transcription-failed', (f) => failures.push(f));
    const failed = (error: object) =>
      t.assistant.onServerEvent({
        type: 'conversation.item.input_audio_transcription.failed',
        event_id: 'e',
        item_id: 'item_u1',
        content_index: 0,
        error,
      } as unknown as RealtimeServerEvent);
    failed({
      type: 'transcription_error',
      code: 'audio_unintelligible',
      message: 'Bad audio for sk-live',
    });
    failed({ code: 'timeout' });
    failed({ message: 'x'.repeat(1_000) });
    expect(failures[0]).toEqual({ itemId: 'item_u1', reason: 'Bad audio for [redacted]' });
    expect(failures[1]!.reason).toBe('timeout');
    expect(failures[2]!.reason).toHaveLength(300);
    expect(failures[2]!.reason.endsWith('…')).toBe(true);
  });
});
