import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ASSISTANT_SETTINGS, type AssistantSettings } from '../../../src/shared/assistant';
import { AssistantService } from '../../../src/main/assistant/assistant-service';
import { HistoryStore } from '../../../src/main/assistant/history/history-store';
import { NO_DESKTOP } from '../../../src/main/assistant/tools/desktop-actions';
import { MemoryMcpSecretStore } from '../../../src/main/assistant/memory-stores';

describe('AssistantService', () => {
  let dir: string;
  let saved: AssistantSettings[];
  let tokens: MemoryMcpSecretStore;
  let realtime: string | null;

  function service(initial: Partial<AssistantSettings> = {}) {
    saved = [];
    tokens = new MemoryMcpSecretStore();
    realtime = 'openai wss://api.openai.com';
    return new AssistantService({
      settings: {
        load: () => ({ ...DEFAULT_ASSISTANT_SETTINGS, ...initial }),
        save: (s) => saved.push(s),
      },
      history: new HistoryStore(dir),
      mcpSecrets: tokens,
      desktop: NO_DESKTOP,
      redactor: { text: (v) => v },
      model: () => 'gpt-realtime',
      realtimeIdentity: () => realtime,
    });
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hark-service-'));
  });
  afterEach(async () => {
    vi.useRealTimers();
    await rm(dir, { recursive: true, force: true });
  });

  it('validates settings and says when a change needs a new session', () => {
    const s = service();
    expect(s.saveSettings({ speed: 7 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/speed/),
    });
    expect(s.saveSettings({ unknown: 1 })).toMatchObject({ ok: false });
    expect(s.saveSettings({ spendCapUsd: 2 })).toEqual({ ok: true, needsNewSession: false });
    expect(s.saveSettings({ speed: 1.1 })).toEqual({ ok: true, needsNewSession: true });
    expect(s.saveSettings({ speed: 1.1 })).toEqual({ ok: true, needsNewSession: false });
    expect(saved.at(-1)).toMatchObject({ speed: 1.1, spendCapUsd: 2 });
  });

  it('stores an MCP authorization apart and shows only that one is stored', () => {
    const s = service();
    const server = {
      label: 'docs',
      url: 'https://mcp.example.com',
      allowedTools: [],
      approval: 'always',
      enabled: true,
    };
    expect(s.saveSettings({ mcpAuthorization: { label: 'docs', value: 'x' } })).toMatchObject({
      ok: false,
    });
    expect(
      s.saveSettings({
        mcpServers: [server],
        mcpAuthorization: { label: 'docs', value: 'Bearer abc' },
      }),
    ).toEqual({
      ok: true,
      needsNewSession: true,
    });
    expect(JSON.stringify(s.settingsView())).not.toContain('abc');
    expect(s.settingsView().mcpServers[0]!.hasAuthorization).toBe(true);
    expect(JSON.stringify(saved)).not.toContain('abc');
    expect(s.sessionTools(realtime).at(-1)).toMatchObject({
      type: 'mcp',
      authorization: 'Bearer abc',
    });
  });

  it('withholds an MCP token once the window changes its URL or the connection, and asks for it again', () => {
    const s = service();
    const notices: string[] = [];
    s.on('notice', (n) => notices.push(n.text));
    const server = {
      label: 'docs',
      url: 'https://mcp.example.com/sse',
      allowedTools: [],
      approval: 'always' as const,
      enabled: true,
    };
    s.saveSettings({
      mcpServers: [server],
      mcpAuthorization: { label: 'docs', value: 'Bearer abc' },
    });
    // The window points the server elsewhere without entering the token.
    expect(
      s.saveSettings({ mcpServers: [{ ...server, url: 'https://evil.example/sse' }] }).ok,
    ).toBe(true);
    expect(JSON.stringify(s.sessionTools(realtime))).not.toContain('abc');
    expect(s.settingsView().mcpServers[0]).toMatchObject({
      hasAuthorization: false,
      authorizationNeedsReentry: true,
    });
    expect(notices).toEqual([
      expect.stringMatching(/Enter the token for the MCP server "docs" again/),
    ]);
    s.sessionTools(realtime);
    expect(notices).toHaveLength(1);
    // Entered again: bound to the new URL, sent there.
    s.saveSettings({ mcpAuthorization: { label: 'docs', value: 'Bearer new' } });
    expect(s.sessionTools(realtime).at(-1)).toMatchObject({ authorization: 'Bearer new' });
    // The connection moves: not sent through another Realtime endpoint.
    realtime = 'custom wss://relay.example';
    expect(JSON.stringify(s.sessionTools(realtime))).not.toContain('Bearer new');
    expect(s.settingsView().mcpServers[0]!.authorizationNeedsReentry).toBe(true);
    // A session still opening through the old endpoint gets it; the view follows the settings.
    expect(s.sessionTools('openai wss://api.openai.com').at(-1)).toMatchObject({
      authorization: 'Bearer new',
    });
    // A session through a stand-in (the simulator while no key is entered) gets no token, but
    // a token that fits the settings is not one to enter again: no notice.
    realtime = 'openai wss://api.openai.com';
    const told = notices.length;
    expect(JSON.stringify(s.sessionTools('simulator'))).not.toContain('Bearer new');
    expect(notices).toHaveLength(told);
    realtime = 'custom wss://relay.example';
    // No connection chosen: a token cannot be bound, so it is refused rather than stored loose.
    realtime = null;
    expect(
      s.saveSettings({ mcpAuthorization: { label: 'docs', value: 'Bearer x' } }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Choose the connection/),
    });
    // Removing it works whatever the connection.
    expect(s.saveSettings({ mcpAuthorization: { label: 'docs', value: '' } }).ok).toBe(true);
    expect(tokens.read('docs')).toBeNull();
  });

  it('pauses hands-free after the idle cap, and says so', () => {
    vi.useFakeTimers();
    const s = service({ idleCapMinutes: 5 });
    const events: string[] = [];
    s.on('idle-cap', () => events.push('idle-cap'));
    s.on('notice', (n) => events.push(n.title));
    s.handsFree(true);
    expect(s.status().idleCapAt).toBe(Date.now() + 5 * 60_000);
    vi.advanceTimersByTime(4 * 60_000);
    s.activity();
    vi.advanceTimersByTime(4 * 60_000);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual(['Microphone paused', 'idle-cap']);
    expect(s.status()).toMatchObject({ idlePaused: true, idleCapAt: null });
  });

  it('pauses hands-free when the service reports its idle timeout, only while the cap counts', () => {
    vi.useFakeTimers();
    const timeout = {
      type: 'input_audio_buffer.timeout_triggered',
      event_id: 'e',
      item_id: 'item_1',
      audio_start_ms: 0,
      audio_end_ms: 30_000,
    } as const;
    const s = service({ idleCapMinutes: 5 });
    const events: string[] = [];
    s.on('idle-cap', () => events.push('idle-cap'));
    s.on('notice', (n) => events.push(n.text));
    // Not hands-free (the cap is not counting): nothing to pause.
    s.onServerEvent(timeout);
    expect(events).toEqual([]);
    s.handsFree(true);
    s.onServerEvent(timeout);
    expect(events).toEqual([
      expect.stringMatching(/^The service's idle timeout found no speech/),
      'idle-cap',
    ]);
    expect(s.status()).toMatchObject({ idlePaused: true, idleCapAt: null });
    // Hark's own timer does not fire a second time.
    vi.advanceTimersByTime(10 * 60_000);
    expect(events).toHaveLength(2);

    const off = service({ idleCapMinutes: 0 });
    const offEvents: string[] = [];
    off.on('idle-cap', () => offEvents.push('idle-cap'));
    off.handsFree(true);
    off.onServerEvent(timeout);
    expect(offEvents).toEqual([]);
  });

  it('remembers tools allowed "always" in the settings, and forgets them on request', async () => {
    const s = service();
    const { id } = s.assistant.gate.request(
      { tool: 'copy_to_clipboard', source: 'function', summary: 'x', allowAlways: true },
      0,
    );
    s.answerApproval({ id: id!, decision: 'always' });
    expect(saved.at(-1)!.alwaysAllowedTools).toEqual(['copy_to_clipboard']);
    s.saveSettings({ forgetAlwaysAllowed: true });
    expect(saved.at(-1)!.alwaysAllowedTools).toEqual([]);
    expect(s.assistant.gate.isAlwaysAllowed('copy_to_clipboard')).toBe(false);
  });

  it('records, lists, exports and reopens a conversation', async () => {
    const s = service();
    s.onTranscript('user', 'u1', 'What is 6 times 7?', true);
    s.onTranscript('assistant', 'a1', 'Forty', false);
    s.onTranscript('assistant', 'a1', 'Forty-two.', true);
    const id = s.recorder.conversationId;
    await s.historyLoad(id); // loading the current conversation writes it first
    const [summary] = await s.historyList();
    expect(summary).toMatchObject({ id, title: 'What is 6 times 7?', entries: 2 });
    expect(await s.historyExport(id, 'markdown')).toContain('**Hark** (');
    s.newConversation();
    const entries = await s.reopen(id);
    expect(entries?.map((e) => e.text)).toEqual(['What is 6 times 7?', 'Forty-two.']);
    expect(s.recorder.conversationId).toBe(id);
    s.onTranscript('user', 'u2', 'Thanks', true);
    await s.dispose();
    expect((await new HistoryStore(dir).load(id))!.entries).toHaveLength(3);
  });

  it('lists the conversation under way at once, before its coalesced save would run', async () => {
    const s = service();
    s.onTranscript('user', 'u1', 'Remind me what a haiku is.', true);
    s.onTranscript('assistant', 'a1', 'Three lines: five, seven, five.', true);
    const list = await s.historyList();
    expect(list.map((c) => c.id)).toEqual([s.recorder.conversationId]);
    expect(list[0]).toMatchObject({ title: 'Remind me what a haiku is.', entries: 2 });
    await s.dispose();
  });
});
