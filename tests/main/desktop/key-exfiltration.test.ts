/**
 * The key goes only where it was entered. Through the real IPC handlers (electron mocked),
 * the window enters a key for one endpoint, then changes provider, custom URL or Azure
 * resource without entering it again and connects: a capture server on 127.0.0.1 records
 * every header and frame it receives, and never sees the key.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC } from '../../../src/shared/ipc';
import { greet, startTestServer, type TestServer } from '../../support/servers';

vi.mock('electron', () => ({}));
const { ipcWindow } = await import('./support/ipc-window');

const KEY = 'sk-exfil-canary-7f3a9b2c4d5e6f708192a3b4';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const window = () => ipcWindow();

const everything = (s: TestServer): string =>
  JSON.stringify({ headers: s.headers, received: s.received });

describe('the stored key is sent only to the endpoint it was entered for', () => {
  it('changing provider, URL or Azure resource from the window never sends it anywhere else', async () => {
    const legit = await startTestServer({ onSocket: (socket) => greet(socket) });
    const capture = await startTestServer({ onSocket: (socket) => greet(socket) });
    servers.push(legit, capture);
    const capturePort = new URL(capture.url).port;
    const { controller, call, sent } = window();

    // Entered for the legitimate endpoint: it goes there.
    expect(
      await call(IPC.saveSettings, {
        provider: 'custom',
        customUrl: legit.url,
        apiKey: `${KEY}\n`,
      }),
    ).toEqual({ ok: true });
    expect(await call(IPC.connect)).toEqual({ ok: true });
    expect(legit.headers.at(-1)?.authorization).toBe(`Bearer ${KEY}`);
    await call(IPC.disconnect);

    const attempts: [string, Record<string, unknown>][] = [
      ['another custom URL', { customUrl: capture.url }],
      [
        'same host, another port',
        { provider: 'custom', customUrl: capture.url.replace('/v1/', '/v1/x/') },
      ],
      ['localhost for 127.0.0.1', { customUrl: `ws://localhost:${capturePort}/v1/realtime` }],
      [
        'custom → Azure resource URL',
        { provider: 'azure', azureResource: `http://127.0.0.1:${capturePort}` },
      ],
      ['custom → Azure resource name', { provider: 'azure', azureResource: 'attacker' }],
      ['custom → OpenAI', { provider: 'openai' }],
      [
        'plain ws:// to another machine',
        { provider: 'custom', customUrl: 'ws://evil.example/v1/realtime' },
      ],
      ['javascript: URL', { customUrl: 'javascript:alert(1)' }],
    ];
    const outcomes: string[] = [];
    for (const [name, update] of attempts) {
      const saved = await call(IPC.saveSettings, update);
      const connected = saved.ok ? await call(IPC.connect) : null;
      outcomes.push(`${name}: ${saved.ok ? 'saved' : `refused (${saved.error})`}`);
      if (saved.ok) {
        const view = (await call(IPC.getState)).settings as Record<string, unknown>;
        expect(view.keyForOtherEndpoint, name).toBe(true);
        expect(connected).not.toBeNull();
        await call(IPC.disconnect);
      }
    }
    // The attempts reached the capture server (so there was something to leak) and it never saw the key.
    expect(capture.connections).toBeGreaterThanOrEqual(2);
    expect(everything(capture)).not.toContain(KEY.slice(3));
    for (const headers of capture.headers) {
      expect(headers.authorization).toBeUndefined();
      expect(headers['api-key']).toBeUndefined();
    }
    // Every refusal says what to do; none leaks the key to the window either.
    expect(outcomes.join('\n')).toMatch(/needs an API key|enter the key|wss:\/\//i);
    expect(JSON.stringify(sent)).not.toContain(KEY);

    // Back to the endpoint it was entered for: the key works there again, and only there.
    expect(await call(IPC.saveSettings, { provider: 'custom', customUrl: legit.url })).toEqual({
      ok: true,
    });
    expect(await call(IPC.connect)).toEqual({ ok: true });
    expect(legit.headers.at(-1)?.authorization).toBe(`Bearer ${KEY}`);
    expect(everything(capture)).not.toContain(KEY.slice(3));
    await controller.dispose();
  });

  it('entering the key again with the new endpoint binds it there', async () => {
    const first = await startTestServer({ onSocket: (socket) => greet(socket) });
    const second = await startTestServer({ onSocket: (socket) => greet(socket) });
    servers.push(first, second);
    const { controller, call } = window();
    await call(IPC.saveSettings, { provider: 'custom', customUrl: first.url, apiKey: KEY });
    const other = `${KEY}-second`;
    expect(await call(IPC.saveSettings, { customUrl: second.url, apiKey: other })).toEqual({
      ok: true,
    });
    expect(await call(IPC.connect)).toEqual({ ok: true });
    expect(second.headers.at(-1)?.authorization).toBe(`Bearer ${other}`);
    expect(JSON.stringify(first.headers)).not.toContain(other);
    await controller.dispose();
  });
});
