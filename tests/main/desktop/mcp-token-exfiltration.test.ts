/**
 * An MCP token goes only with the server URL and the Realtime endpoint it was entered for.
 * Through the real IPC handlers (electron mocked), the window enters a token, then changes
 * the server's URL, or the provider / custom URL, without entering it again: the capture
 * server on 127.0.0.1 that plays the Realtime service records every `session.update` it
 * receives, and never sees the token after the change.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC } from '../../../src/shared/ipc';
import { ASSISTANT_METHOD_CHANNELS } from '../../../src/shared/assistant-ipc';
import { greet, startTestServer, type TestServer } from '../../support/servers';

vi.mock('electron', () => ({}));
const { ipcWindow } = await import('./support/ipc-window');

const KEY = 'sk-mcp-exfil-key-0123456789abcdef';
const TOKEN = 'Bearer mcp-canary-5e1f0a9d7c3b';
const DOCS = {
  label: 'docs',
  url: 'https://mcp.example.com/sse',
  allowedTools: [],
  approval: 'always',
  enabled: true,
};

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const window = () => ipcWindow({ assistant: true });

/** Every session.update a server received (the frames the token would travel in). */
function toolsSeen(server: Pick<TestServer, 'received'>): string {
  return server.received.filter((frame) => frame.includes('"session.update"')).join('\n');
}

async function session(call: ReturnType<typeof window>['call']): Promise<void> {
  expect(await call(IPC.connect)).toEqual({ ok: true });
  await call(IPC.disconnect);
}

describe('an MCP token goes only with the server and the connection it was entered for', () => {
  it('changing the server URL, the provider or the custom URL from the window never sends it', async () => {
    const legit = await startTestServer({ onSocket: (socket) => greet(socket) });
    const capture = await startTestServer({ onSocket: (socket) => greet(socket) });
    servers.push(legit, capture);
    const { controller, call, sent } = window();
    const save = (update: unknown) => call(ASSISTANT_METHOD_CHANNELS.saveAssistantSettings, update);

    expect(
      await call(IPC.saveSettings, { provider: 'custom', customUrl: legit.url, apiKey: KEY }),
    ).toEqual({ ok: true });
    expect(
      await save({ mcpServers: [DOCS], mcpAuthorization: { label: 'docs', value: TOKEN } }),
    ).toMatchObject({ ok: true });
    // The control: entered for this server and this endpoint, it goes there.
    await session(call);
    expect(toolsSeen(legit)).toContain(TOKEN);
    const before = legit.received.length;

    // 1. The window points the server at another URL (origin, then path) without the token.
    for (const url of ['https://attacker.example/sse', 'https://mcp.example.com/other-tenant']) {
      expect(await save({ mcpServers: [{ ...DOCS, url }] })).toMatchObject({ ok: true });
      await session(call);
    }
    expect(legit.received.length).toBeGreaterThan(before);
    expect(toolsSeen({ ...legit, received: legit.received.slice(before) })).not.toContain(TOKEN);
    const view = (await call(ASSISTANT_METHOD_CHANNELS.getAssistant)) as unknown as {
      settings: { mcpServers: { hasAuthorization: boolean; authorizationNeedsReentry: boolean }[] };
    };
    expect(view.settings.mcpServers[0]).toMatchObject({
      hasAuthorization: false,
      authorizationNeedsReentry: true,
    });

    // 2. Back to the right server, but the Realtime endpoint moves to the capture server
    //    (the user even enters the API key for it): the MCP token does not follow.
    expect(await save({ mcpServers: [DOCS] })).toMatchObject({ ok: true });
    expect(await call(IPC.saveSettings, { customUrl: capture.url, apiKey: `${KEY}-2` })).toEqual({
      ok: true,
    });
    await session(call);
    // 3. The simulator (the token was not entered for it either), then the capture server again.
    const sentAfterChange: string[] = [];
    controller.tapWire((r) => {
      if (r.direction === 'sent') sentAfterChange.push(JSON.stringify(r.event));
    });
    expect(await call(IPC.saveSettings, { provider: 'simulator' })).toEqual({ ok: true });
    await session(call);
    expect(await call(IPC.saveSettings, { provider: 'custom', customUrl: capture.url })).toEqual({
      ok: true,
    });
    await session(call);
    expect(sentAfterChange.join('\n')).toContain('"session.update"');
    expect(sentAfterChange.join('\n')).not.toContain('mcp-canary');
    expect(capture.connections).toBeGreaterThanOrEqual(2);
    expect(toolsSeen(capture)).toContain('"server_label":"docs"');
    expect(JSON.stringify(capture.received)).not.toContain('mcp-canary');
    expect(JSON.stringify(capture.headers)).not.toContain('mcp-canary');
    // The window never sees the token, only that it must be entered again (and a notice).
    expect(JSON.stringify(sent)).not.toContain('mcp-canary');
    expect(JSON.stringify(sent)).toMatch(/Enter the token for the MCP server \\"docs\\" again/);

    // 4. Entered again for the capture endpoint: now it is bound there (and only there).
    expect(await save({ mcpAuthorization: { label: 'docs', value: `${TOKEN}-2` } })).toMatchObject({
      ok: true,
    });
    await session(call);
    expect(toolsSeen(capture)).toContain(`${TOKEN}-2`);
    await controller.dispose();
  });

  it('a token the service quotes back (an error, a transcript in pieces) reaches neither the window nor the inspector', async () => {
    const bare = TOKEN.replace('Bearer ', '');
    const echo = await startTestServer({
      onSocket: (socket) =>
        greet(socket, (event) => {
          if (event.type !== 'session.update') return;
          socket.send(
            JSON.stringify({
              type: 'error',
              event_id: 'e1',
              error: {
                type: 'server_error',
                code: 'mcp_error',
                message: `MCP server refused ${bare}`,
              },
            }),
          );
          const text = `the token is ${bare} ok`;
          for (const [i, piece] of [
            text.slice(0, 20),
            text.slice(20, 27),
            text.slice(27),
          ].entries())
            socket.send(
              JSON.stringify({
                type: 'response.output_audio_transcript.delta',
                event_id: `d${i}`,
                response_id: 'resp_1',
                item_id: 'item_1',
                output_index: 0,
                content_index: 0,
                delta: piece,
              }),
            );
          socket.send(
            JSON.stringify({
              type: 'response.output_audio_transcript.done',
              event_id: 'done1',
              response_id: 'resp_1',
              item_id: 'item_1',
              output_index: 0,
              content_index: 0,
              transcript: text,
            }),
          );
        }),
    });
    servers.push(echo);
    const { controller, call, sent } = window();
    const save = (update: unknown) => call(ASSISTANT_METHOD_CHANNELS.saveAssistantSettings, update);
    await call(IPC.saveSettings, { provider: 'custom', customUrl: echo.url, apiKey: KEY });
    await save({ mcpServers: [DOCS], mcpAuthorization: { label: 'docs', value: TOKEN } });
    expect(await call(IPC.connect)).toEqual({ ok: true });
    expect(toolsSeen(echo)).toContain(TOKEN); // it was sent, and is quoted back
    await expect.poll(() => JSON.stringify(sent), { timeout: 5_000 }).toMatch(/MCP server refused/);
    await expect.poll(() => JSON.stringify(sent), { timeout: 5_000 }).toMatch(/the token is/);
    const inspector = await call(ASSISTANT_METHOD_CHANNELS.inspectorExport);
    const seen = JSON.stringify({ sent, inspector });
    expect(seen).toMatch(/API key redacted/);
    for (let i = 0; i + 6 <= bare.length; i++) expect(seen).not.toContain(bare.slice(i, i + 6));
    await controller.dispose();
  });
});
