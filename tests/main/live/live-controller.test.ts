/**
 * GPT-Live end to end in main: the voice controller (link, conversation, assistant) over a
 * scripted GPT-Live server — push-to-talk by mute/unmute, a tool with approval (denied,
 * failed), honest health, a dropped socket reconnected as a new session seeded with the
 * conversation, and voice minutes priced from cumulative seconds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ApprovalRequest, AssistantStatus } from '../../../src/shared/assistant';
import type { HealthState } from '../../../src/shared/health';
import type { NoticeMessage } from '../../../src/shared/ipc';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../../../src/main/settings/settings-model';
import { NO_DESKTOP } from '../../../src/main/assistant/tools/desktop-actions';
import { MemoryAssistantSettingsStore } from '../../../src/main/assistant/memory-stores';
import { DEFAULT_ASSISTANT_SETTINGS, mcpServerSchema } from '../../../src/shared/assistant';
import { VoiceController } from '../../../src/main/voice/voice-controller';
import {
  audio,
  closed,
  delegatedCall,
  mcpApprovalRequest,
  started,
  startLiveServer,
  transcript,
  type LiveServer,
} from './support/scripted-live';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(turnDetection: 'push-to-talk' | 'server_vad' = 'push-to-talk') {
  const server = await startLiveServer();
  cleanups.push(() => server.close());
  const controller = new VoiceController({
    settings: new MemorySettingsStore({
      ...DEFAULT_SETTINGS,
      provider: 'custom',
      customUrl: server.url,
      engine: 'live',
      turnDetection,
    }),
    secrets: new MemorySecretStore(null),
    backoff: { firstMs: 20, capMs: 50 },
    // A desktop that can open pages, so that open_url (which asks first) is offered.
    assistant: {
      desktop: { ...NO_DESKTOP, canOpenUrls: true, openExternal: async () => undefined },
    },
  });
  cleanups.push(() => controller.dispose());
  const states: HealthState[] = [];
  controller.on('health', (h) => states.at(-1) !== h.state && states.push(h.state));
  const approvals: ApprovalRequest[] = [];
  controller.assistant.on('approval-request', (r) => approvals.push(r));
  let status: AssistantStatus | null = null;
  controller.assistant.on('status', (s) => (status = s));
  return { server, controller, states, approvals, status: () => status };
}

const until = async (check: () => boolean, ms = 4000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const types = (server: LiveServer, connection = 0): string[] =>
  (server.events[connection] ?? [])
    .map((e) => e.type)
    .filter((t) => t !== 'session.input_audio.append');

describe('GPT-Live through the voice controller', () => {
  it('push-to-talk mutes and unmutes a running stream; nothing is committed or requested', async () => {
    const { server, controller, states } = await setup();
    await controller.connect();
    await until(() => states.includes('ready'));
    await until(() => types(server).includes('session.input_audio.mute'));
    controller.talkStart('hotkey');
    for (let i = 0; i < 10; i++) controller.pushAudioFrame(new Uint8Array(960).fill(9));
    controller.talkStop('hotkey');
    await until(() => types(server).filter((t) => t === 'session.input_audio.mute').length === 2);
    expect(types(server)).toEqual([
      'session.start',
      'session.input_audio.mute',
      'session.input_audio.unmute',
      'session.input_audio.mute',
    ]);
    const appended = server.events[0]!.filter((e) => e.type === 'session.input_audio.append');
    expect(appended.length).toBeGreaterThanOrEqual(10);
    // The model has not spoken: the health is not stuck on "responding".
    await until(() => controller.snapshot().health.state === 'ready');
  });

  it('speaks from energy, and a tool with approval: waiting → denied → thinking ends, one continuation', async () => {
    const { server, controller, states, approvals } = await setup();
    await controller.connect();
    await until(() => states.includes('ready'));
    server.send(audio(6000));
    await until(() => states.includes('speaking'));
    delegatedCall(server.sockets[0]!, 'call_url', 'open_url', { url: 'https://example.com' });
    await until(() => approvals.length === 1);
    await until(() => controller.snapshot().health.state === 'awaiting-approval');
    controller.assistant.answerApproval({ id: approvals[0]!.id, decision: 'deny' });
    await until(() => types(server).includes('response.create'));
    const output = server.events[0]!.find((e) => e.type === 'response.item.create') as unknown as {
      item: { call_id: string; output: string };
    };
    expect(output.item.call_id).toBe('call_url');
    expect(output.item.output).toMatch(/declined/);
    expect(types(server).filter((t) => t === 'response.create')).toHaveLength(1);
    expect(states).toContain('thinking');
    await until(
      () => !['thinking', 'awaiting-approval'].includes(controller.snapshot().health.state),
    );
  });

  it('a failed tool call is answered with its error, never left open', async () => {
    const { server, controller, states } = await setup();
    await controller.connect();
    await until(() => states.includes('ready'));
    delegatedCall(server.sockets[0]!, 'call_calc', 'calculate', { expression: '1 +' });
    await until(() => types(server).includes('response.create'));
    const output = server.events[0]!.find((e) => e.type === 'response.item.create') as unknown as {
      item: { output: string };
    };
    expect(JSON.parse(output.item.output)).toHaveProperty('error');
  });

  it('a dropped socket reconnects as a new session seeded with the conversation', async () => {
    const { server, controller, states } = await setup('server_vad');
    await controller.connect();
    await until(() => states.includes('ready'));
    server.send(transcript('user', 'Remember the number forty two.', 0, 900));
    server.send(transcript('assistant', 'Forty two, noted.', 3000, 3800));
    await new Promise((r) => setTimeout(r, 120));
    server.sockets[0]!.terminate();
    await until(() => server.events.length === 2 && server.events[1]!.length > 0);
    const start = server.events[1]![0] as unknown as {
      type: string;
      session: { input?: { role: string; content: { text: string }[] }[] };
    };
    expect(start.type).toBe('session.start');
    expect(start.session.input?.map((m) => [m.role, m.content[0]!.text])).toEqual([
      ['user', 'Remember the number forty two.'],
      ['assistant', 'Forty two, noted.'],
    ]);
    await until(() => controller.snapshot().health.state === 'ready');
    expect(controller.snapshot().health.counters.reconnects).toBe(1);
  });

  it('voice minutes: cumulative seconds are billed by growth, never summed', async () => {
    const { server, controller, states, status } = await setup();
    await controller.connect();
    await until(() => states.includes('ready'));
    server.send({ type: 'session.usage.updated', event_id: 'u1', usage: { seconds: 30 } });
    server.send({ type: 'session.usage.updated', event_id: 'u2', usage: { seconds: 60 } });
    server.send(closed('remote_hangup', 60));
    await until(() => server.events.length === 2 && states.at(-1) === 'ready');
    server.send({ type: 'session.usage.updated', event_id: 'u3', usage: { seconds: 12 } });
    await until(() => (status()?.sessionCost ?? 0) > 0.05);
    // 60 s + 12 s at $0.05/min = $0.06 (a sum of the reports would be 102 s).
    expect(status()!.sessionCost).toBeCloseTo(0.06, 6);
  });
});

describe('GPT-Live: a push-to-talk press made while connecting', () => {
  async function connecting() {
    let release: (() => void) | null = null;
    const server = await startLiveServer({
      // session.started waits until the test lets it go.
      onStart: (socket, start) => {
        release = () => socket.send(JSON.stringify(started(start.event_id)));
        return false;
      },
    });
    cleanups.push(() => server.close());
    const controller = new VoiceController({
      settings: new MemorySettingsStore({
        ...DEFAULT_SETTINGS,
        provider: 'custom',
        customUrl: server.url,
        engine: 'live',
        turnDetection: 'push-to-talk',
      }),
      secrets: new MemorySecretStore(null),
      backoff: { firstMs: 20, capMs: 50 },
    });
    cleanups.push(() => controller.dispose());
    const notices: NoticeMessage[] = [];
    controller.on('notice', (n) => notices.push(n));
    return { server, controller, notices, ready: () => release!() };
  }

  it('is kept: when session.started arrives with the key still held, the stream is unmuted', async () => {
    const { server, controller, ready } = await connecting();
    // The press itself connects (a press is a wish to talk).
    expect(controller.talkStart('hotkey').ok).toBe(true);
    await until(() => types(server).includes('session.start'));
    for (let i = 0; i < 5; i++) controller.pushAudioFrame(new Uint8Array(960).fill(9));
    ready();
    await until(() => types(server).includes('session.input_audio.unmute'));
    // Never muted first: the held key unmutes at once, and nothing went before session.started.
    expect(types(server)).toEqual(['session.start', 'session.input_audio.unmute']);
    expect(controller.snapshot().health.live).toBe(true);
    for (let i = 0; i < 5; i++) controller.pushAudioFrame(new Uint8Array(960).fill(9));
    await until(() =>
      server.events[0]!.some(
        (e) =>
          e.type === 'session.input_audio.append' &&
          Buffer.from(e.audio as string, 'base64').includes(9),
      ),
    );
    controller.talkStop('hotkey');
    await until(() => types(server).includes('session.input_audio.mute'));
    expect(types(server)).toEqual([
      'session.start',
      'session.input_audio.unmute',
      'session.input_audio.mute',
    ]);
  });

  it('released before ready: nothing is sent, the stream starts muted, and the user is told', async () => {
    const { server, controller, notices, ready } = await connecting();
    controller.talkStart('hotkey');
    await until(() => types(server).includes('session.start'));
    for (let i = 0; i < 25; i++) controller.pushAudioFrame(new Uint8Array(960).fill(9));
    controller.talkStop('hotkey');
    await until(() => notices.length > 0);
    expect(notices.at(-1)).toMatchObject({ level: 'info', title: 'Not heard' });
    expect(notices.at(-1)!.text).toMatch(/still connecting.*nothing was sent/i);
    ready();
    await until(() => types(server).includes('session.input_audio.mute'));
    await new Promise((r) => setTimeout(r, 150));
    expect(types(server)).toEqual(['session.start', 'session.input_audio.mute']);
    // The speech made before ready never leaves the machine: only silence is streamed.
    const appended = server.events[0]!.filter((e) => e.type === 'session.input_audio.append');
    expect(appended.every((e) => !Buffer.from(e.audio as string, 'base64').includes(9))).toBe(true);
    expect(controller.snapshot().health.live).toBe(false);
  });
});

describe('GPT-Live: MCP servers on the backend', () => {
  async function withMcp() {
    const server = await startLiveServer();
    cleanups.push(() => server.close());
    const controller = new VoiceController({
      settings: new MemorySettingsStore({
        ...DEFAULT_SETTINGS,
        provider: 'custom',
        customUrl: server.url,
        engine: 'live',
      }),
      secrets: new MemorySecretStore(null),
      backoff: { firstMs: 20, capMs: 50 },
      assistant: {
        settings: new MemoryAssistantSettingsStore({
          ...structuredClone(DEFAULT_ASSISTANT_SETTINGS),
          mcpServers: [
            mcpServerSchema.parse({ label: 'docs', url: 'https://mcp.example.com/mcp' }),
          ],
        }),
      },
    });
    cleanups.push(() => controller.dispose());
    const approvals: ApprovalRequest[] = [];
    controller.assistant.on('approval-request', (r) => approvals.push(r));
    await controller.connect();
    await until(() => controller.snapshot().health.state === 'ready');
    return { server, controller, approvals };
  }

  const sentItems = (server: LiveServer) =>
    server.events[0]!.filter((e) => e.type === 'response.item.create').map((e) => e.item);

  it('are declared in delegation.responses.tools, and their approval requests use Hark’s prompt and rules', async () => {
    const { server, controller, approvals } = await withMcp();
    const start = server.events[0]![0] as unknown as {
      session: { delegation: { responses: { tools: { type: string; server_label?: string }[] } } };
    };
    expect(start.session.delegation.responses.tools).toContainEqual(
      expect.objectContaining({ type: 'mcp', server_label: 'docs', require_approval: 'always' }),
    );

    mcpApprovalRequest(server.sockets[0]!, 'mcpr_1', 'docs', 'search', { query: 'GPT-Live' });
    await until(() => approvals.length === 1);
    expect(approvals[0]).toMatchObject({ tool: 'docs:search', source: 'mcp', server: 'docs' });
    expect(approvals[0]!.summary).toMatch(/search.*docs/);
    await until(() => controller.snapshot().health.state === 'awaiting-approval');
    // Waiting for the user holds the backend: nothing is continued meanwhile.
    expect(types(server)).not.toContain('response.create');

    // "Always" for this tool: answered yes, then one continuation.
    controller.assistant.answerApproval({ id: approvals[0]!.id, decision: 'always' });
    await until(() => types(server).includes('response.create'));
    expect(sentItems(server)).toEqual([
      { type: 'mcp_approval_response', approval_request_id: 'mcpr_1', approve: true },
    ]);
    expect(types(server).filter((t) => t === 'response.create')).toHaveLength(1);

    // The same rule as for Hark's own tools: an "always" tool is not asked again.
    mcpApprovalRequest(server.sockets[0]!, 'mcpr_2', 'docs', 'search', { query: 'again' });
    await until(() => sentItems(server).length === 2);
    expect(sentItems(server)[1]).toEqual({
      type: 'mcp_approval_response',
      approval_request_id: 'mcpr_2',
      approve: true,
    });
    expect(approvals).toHaveLength(1);

    // Another tool of the server asks, and a denial is an answer too.
    mcpApprovalRequest(server.sockets[0]!, 'mcpr_3', 'docs', 'delete_page', { page: 'home' });
    await until(() => approvals.length === 2);
    controller.assistant.answerApproval({ id: approvals[1]!.id, decision: 'deny' });
    await until(() => sentItems(server).length === 3);
    expect(sentItems(server)[2]).toEqual({
      type: 'mcp_approval_response',
      approval_request_id: 'mcpr_3',
      approve: false,
    });
    await until(() => types(server).filter((t) => t === 'response.create').length === 3);
    await until(() => controller.snapshot().health.state === 'ready');
  });
});
