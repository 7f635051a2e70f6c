import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../../../src/main/settings/settings-model';
import { VoiceController } from '../../../src/main/voice/voice-controller';
import { startWebPreview, type WebPreview } from '../../../src/main/web-preview/server';
import { BRIDGE_PATH } from '../../../src/shared/web-bridge-protocol';
import { rawRequest } from './raw-http';

let preview: WebPreview;
let controller: VoiceController;
let root: string;
let logged: string[];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hark-preview-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Hark</title>');
  await writeFile(join(root, 'app.js'), 'console.log(1)');
  controller = new VoiceController({
    settings: new MemorySettingsStore({ ...DEFAULT_SETTINGS }),
    secrets: new MemorySecretStore('sk-secret-key'),
  });
  logged = [];
  preview = await startWebPreview({
    controller,
    rendererDir: root,
    log: (line) => logged.push(line),
    maxClients: 2,
  });
});
afterEach(async () => {
  await preview.close();
  await controller.dispose();
});

const port = (): number => Number(new URL(preview.origin).port);
const bridgeUrl = (): string => `ws://127.0.0.1:${port()}/${preview.token}/${BRIDGE_PATH}`;

function openBridge(
  url: string,
  headers: Record<string, string> = { origin: preview.origin },
): Promise<{ ws: WebSocket; opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => resolve({ ws, opened: true }));
    ws.on('unexpected-response', (_req, res) =>
      resolve({ ws, opened: false, status: res.statusCode }),
    );
    ws.on('error', () => resolve({ ws, opened: false }));
  });
}

describe('web preview', () => {
  it('listens on loopback only and prints a URL whose first path segment is a random token', () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}\/$/);
    expect(preview.url).toBe(`${preview.origin}/${preview.token}/`);
  });

  it('refuses a request without the token, or with a wrong one, with 403', async () => {
    const response = await fetch(`${preview.origin}/`);
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/needs the link with its token/);
    expect((await fetch(`${preview.origin}/index.html`)).status).toBe(403);
    expect((await fetch(`${preview.origin}/${'x'.repeat(32)}/`)).status).toBe(403);
    expect((await fetch(`${preview.origin}/?token=${preview.token}`)).status).toBe(403);
  });

  it('serves the app and its assets under the token, with no cookie at all', async () => {
    const page = await fetch(preview.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const asset = await fetch(`${preview.url}app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    const head = await fetch(`${preview.url}app.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect((await fetch(preview.url, { method: 'POST' })).status).toBe(405);
  });

  it('redirects /<token> to /<token>/ so the relative asset links resolve', async () => {
    const response = await fetch(`${preview.origin}/${preview.token}`, { redirect: 'manual' });
    expect(response.status).toBe(308);
    expect(response.headers.get('location')).toBe(`/${preview.token}/`);
  });

  it('does not serve files outside the renderer folder', async () => {
    for (const path of ['..%2F..%2Fetc%2Fpasswd', 'a%00b', '..%5Cx', 'assets%2F..%2F..%2Fx']) {
      expect((await fetch(`${preview.url}${path}`)).status, path).toBe(404);
    }
    // Dot segments (also %2e%2e) are resolved before the token is checked: it is gone, so 403.
    for (const path of ['../../etc/passwd', '%2e%2e/%2e%2e/etc/passwd']) {
      expect((await rawRequest(port(), `GET /${preview.token}/${path}`)).status, path).toBe(403);
    }
  });

  it('answers malformed request targets with 400 or 403 and keeps serving', async () => {
    const host = `127.0.0.1:${port()}`;
    const cases: [string, number][] = [
      ['//', 403],
      ['//evil.example/x', 403],
      ['http://[', 400],
      [`http://${host}/${preview.token}/`, 400], // absolute-form
      ['*', 400],
      ['/%ZZ', 403],
      [`/${preview.token}/%ZZ`, 400],
      [`/${preview.token}/%E0%A4%A`, 400],
    ];
    for (const [target, status] of cases) {
      expect((await rawRequest(port(), `GET ${target}`)).status, target).toBe(status);
    }
    expect((await fetch(preview.url)).status).toBe(200);
    expect((await fetch(`${preview.origin}/`)).status).toBe(403);
  });

  it('answers only to its own Host (DNS rebinding)', async () => {
    const path = `/${preview.token}/`;
    for (const host of [`evil.example:${port()}`, `localhost:${port()}`, '127.0.0.1', '']) {
      const response = await rawRequest(port(), `GET ${path}`, { host });
      expect(response.status, host).toBe(403);
      expect(response.body).toMatch(/answers only at http:\/\/127\.0\.0\.1/);
    }
    // No Host at all: Node's own parser answers 400 before the preview sees it.
    expect((await rawRequest(port(), `GET ${path}`, { host: null })).status).toBe(400);
    expect((await rawRequest(port(), `GET ${path}`)).status).toBe(200);
  });

  it('refuses a bridge without the token, from another origin, at another path, or over the cap', async () => {
    const tokenless = `ws://127.0.0.1:${port()}/${BRIDGE_PATH}`;
    expect((await openBridge(tokenless)).status).toBe(403);
    expect((await openBridge(bridgeUrl(), { origin: 'http://evil.example' })).status).toBe(403);
    expect((await openBridge(bridgeUrl(), {})).status).toBe(403);
    expect((await openBridge(`ws://127.0.0.1:${port()}/${preview.token}/x`)).status).toBe(404);
    const first = await openBridge(bridgeUrl());
    const second = await openBridge(bridgeUrl());
    expect([first.opened, second.opened]).toEqual([true, true]);
    expect((await openBridge(bridgeUrl())).status).toBe(503);
    first.ws.close();
    await new Promise((done) => first.ws.once('close', done));
    await expect
      .poll(async () => {
        const next = await openBridge(bridgeUrl());
        next.ws.close();
        return next.opened;
      })
      .toBe(true);
    second.ws.close();
  });

  it('bridges the IPC contract, validates payloads and never sends the key', async () => {
    const { ws, opened } = await openBridge(bridgeUrl());
    expect(opened).toBe(true);
    const replies: { id: number | null; result: Record<string, unknown> }[] = [];
    ws.on('message', (data, binary) => {
      if (!binary) replies.push(JSON.parse(data.toString()) as (typeof replies)[number]);
    });
    ws.send(JSON.stringify({ id: 1, method: 'getState' }));
    ws.send(JSON.stringify({ id: 2, method: 'saveSettings', arg: { provider: 'mars' } }));
    ws.send(JSON.stringify({ id: 3, method: 'deleteEverything' }));
    ws.send(JSON.stringify({ id: 4, method: 'connect', arg: 'extra' }));
    ws.send(JSON.stringify({ id: 5, method: 'recordHotkey', arg: 'toggle' }));
    ws.send(JSON.stringify({ id: 6, method: 'talkStart', arg: 'hotkey' }));
    ws.send(Buffer.from([1, 2, 3]), { binary: true }); // odd-length audio
    ws.send('not json');
    ws.send('null');
    ws.send(JSON.stringify({ method: 'reportPlayback', arg: { itemId: 'x' } })); // no id
    await expect.poll(() => replies.length).toBeGreaterThanOrEqual(10);
    const byId = (id: number) => replies.find((r) => r.id === id)!.result;
    expect(byId(1)).toMatchObject({ settings: { hasKey: true } });
    expect(byId(2)).toEqual({ ok: false, error: 'unknown provider' });
    expect(byId(3)).toMatchObject({ ok: false, error: expect.stringMatching(/unknown method/) });
    expect(byId(4)).toEqual({ ok: false, error: 'connect takes no argument' });
    expect(byId(5)).toMatchObject({ ok: false, error: expect.stringMatching(/desktop app/) });
    expect(byId(6)).toMatchObject({ ok: false, error: expect.stringMatching(/talk source/) });
    const anonymous = replies.filter((r) => r.id === null).map((r) => r.result.error);
    expect(anonymous).toEqual([
      expect.stringMatching(/whole 16-bit samples/),
      expect.stringMatching(/must be JSON/),
      expect.stringMatching(/must be a JSON object/),
      expect.stringMatching(/playback report/),
    ]);
    expect(JSON.stringify(replies)).not.toContain('sk-secret-key');
    ws.close();
  });

  it('closes the socket on an oversized or non-UTF-8 frame, logs it and keeps serving', async () => {
    const big = await openBridge(bridgeUrl());
    const bigClosed = new Promise<number>((done) => big.ws.once('close', (code) => done(code)));
    big.ws.send('x'.repeat(1024 * 1024 + 1));
    expect(await bigClosed).toBe(1009);

    const bad = await openBridge(bridgeUrl());
    const badClosed = new Promise<number>((done) => bad.ws.once('close', (code) => done(code)));
    // ws checks UTF-8 on send only for strings: a Buffer sent as text goes out as it is.
    bad.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await badClosed).toBe(1007);

    expect(logged.join('\n')).toMatch(/bridge socket error: .*payload/i);
    expect(logged.join('\n')).toMatch(/bridge socket error: .*UTF-8/i);
    expect((await fetch(preview.url)).status).toBe(200);
  });

  it('logs a flood of bad frames in a few lines, not one line each', async () => {
    const { ws } = await openBridge(bridgeUrl());
    let answered = 0;
    ws.on('message', () => answered++);
    for (let i = 0; i < 2000; i++) ws.send('garbage');
    await expect.poll(() => answered, { timeout: 10_000 }).toBe(2000);
    const rejected = logged.filter((line) => line.startsWith('rejected bridge frame'));
    expect(rejected.length).toBeLessThanOrEqual(5);
    await preview.close(); // flushes the summary
    expect(logged.at(-1)).toMatch(/^rejected bridge frame: 1995 more in the last 10 s/);
    ws.terminate();
  }, 20_000);
});
