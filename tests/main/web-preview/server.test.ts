import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../../../src/main/realtime/settings-model';
import { VoiceController } from '../../../src/main/realtime/voice-controller';
import { startWebPreview, type WebPreview } from '../../../src/main/web-preview/server';
import { BRIDGE_PATH } from '../../../src/shared/web-bridge-protocol';

let preview: WebPreview;
let controller: VoiceController;
let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hark-preview-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Hark</title>');
  await writeFile(join(root, 'app.js'), 'console.log(1)');
  controller = new VoiceController({
    settings: new MemorySettingsStore({ ...DEFAULT_SETTINGS }),
    secrets: new MemorySecretStore('sk-secret-key'),
  });
  preview = await startWebPreview({ controller, rendererDir: root });
});
afterEach(async () => {
  await preview.close();
  await controller.dispose();
});

function openBridge(
  headers: Record<string, string>,
  query = '',
): Promise<{ ws: WebSocket; opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${new URL(preview.origin).port}${BRIDGE_PATH}${query}`,
      { headers },
    );
    ws.on('open', () => resolve({ ws, opened: true }));
    ws.on('unexpected-response', (_req, res) =>
      resolve({ ws, opened: false, status: res.statusCode }),
    );
    ws.on('error', () => resolve({ ws, opened: false }));
  });
}

describe('web preview', () => {
  it('listens on loopback only and prints a URL carrying a random token', () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('refuses a request without the token', async () => {
    const response = await fetch(`${preview.origin}/`);
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/needs the link with its token/);
    expect((await fetch(`${preview.origin}/?token=wrong`)).status).toBe(403);
  });

  it('serves the app with the token and then by an HttpOnly, SameSite cookie', async () => {
    const first = await fetch(preview.url);
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const asset = await fetch(`${preview.origin}/app.js`, {
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('does not serve files outside the renderer folder', async () => {
    const response = await fetch(`${preview.origin}/..%2F..%2Fetc%2Fpasswd?token=${preview.token}`);
    expect(response.status).toBe(404);
  });

  it('refuses a bridge without the token or from another origin', async () => {
    expect((await openBridge({ origin: preview.origin })).status).toBe(403);
    expect(
      (await openBridge({ origin: 'http://evil.example' }, `?token=${preview.token}`)).status,
    ).toBe(403);
  });

  it('bridges the IPC contract, validates payloads and never sends the key', async () => {
    const { ws, opened } = await openBridge({ origin: preview.origin }, `?token=${preview.token}`);
    expect(opened).toBe(true);
    const replies: unknown[] = [];
    ws.on('message', (data) => replies.push(JSON.parse(data.toString())));
    ws.send(JSON.stringify({ id: 1, method: 'getState' }));
    ws.send(JSON.stringify({ id: 2, method: 'saveSettings', arg: { provider: 'mars' } }));
    ws.send(JSON.stringify({ id: 3, method: 'deleteEverything' }));
    ws.send(Buffer.from([1, 2, 3]), { binary: true }); // odd-length audio: dropped
    await expect.poll(() => replies.length).toBeGreaterThanOrEqual(3);
    const byId = (id: number) =>
      replies.find((r) => (r as { id?: number }).id === id) as { result: Record<string, unknown> };
    expect(byId(1).result).toMatchObject({ settings: { hasKey: true } });
    expect(byId(2).result).toEqual({ ok: false, error: 'unknown provider' });
    expect(byId(3).result).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unknown method/),
    });
    expect(JSON.stringify(replies)).not.toContain('sk-secret-key');
    ws.close();
  });
});
