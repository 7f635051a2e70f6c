/**
 * A slowloris client — request headers trickled one byte a second — must not hold the web
 * preview: the connection is cut once the header time limit passes, while a normal client
 * is served meanwhile. The limits here are shortened (the defaults are checked below).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore, MemorySettingsStore } from '../../../src/main/settings/settings-model';
import { VoiceController } from '../../../src/main/voice/voice-controller';
import {
  MAX_HEADER_BYTES,
  PREVIEW_TIMEOUTS,
  startWebPreview,
  type WebPreview,
} from '../../../src/main/web-preview/server';
import { rawRequest } from './raw-http';

let preview: WebPreview | null = null;
let controller: VoiceController | null = null;
afterEach(async () => {
  await preview?.close();
  await controller?.dispose();
});

async function start(timeouts?: Partial<typeof PREVIEW_TIMEOUTS>): Promise<number> {
  const root = await mkdtemp(join(tmpdir(), 'hark-preview-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Hark</title>');
  controller = new VoiceController({
    settings: new MemorySettingsStore(),
    secrets: new MemorySecretStore(),
  });
  preview = await startWebPreview({ controller, rendererDir: root, timeouts });
  return Number(new URL(preview.origin).port);
}

/** Send `GET /<token>/ HTTP/1.1…` one byte per `everyMs`; resolves with when and how it ended. */
function trickle(port: number, text: string, everyMs: number) {
  return new Promise<{ closedAfterMs: number; bytesSent: number; answer: string }>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let sent = 0;
    let answer = '';
    const timer = setInterval(() => {
      if (sent < text.length && socket.writable) socket.write(text[sent++]!);
    }, everyMs);
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ closedAfterMs: Date.now() - started, bytesSent: sent, answer });
    });
  });
}

describe('web preview against slow clients', () => {
  it('cuts off a client that sends its headers one byte a second, and serves others meanwhile', async () => {
    const port = await start({ headersMs: 1_500, requestMs: 3_000, checkEveryMs: 250 });
    const request = `GET /${preview!.token}/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`;
    const slow = trickle(port, request, 1_000);
    // Meanwhile a normal client is answered at once.
    const normal = await rawRequest(port, `GET /${preview!.token}/`);
    expect(normal.status).toBe(200);
    const ended = await slow;
    // Cut off (408 or a plain close) well before it finished its headers.
    expect(ended.bytesSent).toBeLessThan(request.length);
    expect(ended.closedAfterMs).toBeGreaterThanOrEqual(1_400);
    expect(ended.closedAfterMs).toBeLessThan(3_000);
    expect(ended.answer).not.toMatch(/^HTTP\/1\.1 200/);
  }, 10_000);

  it('refuses oversized headers with 431', async () => {
    const port = await start();
    const answer = await rawRequest(port, `GET /${preview!.token}/`, {
      headers: { 'X-Big': 'a'.repeat(MAX_HEADER_BYTES + 10) },
    });
    expect(answer.status).toBe(431);
  });

  it('has limits a slow client cannot outlast', () => {
    expect(PREVIEW_TIMEOUTS.headersMs).toBeLessThanOrEqual(10_000);
    expect(PREVIEW_TIMEOUTS.requestMs).toBeLessThanOrEqual(30_000);
    expect(PREVIEW_TIMEOUTS.keepAliveMs).toBeLessThanOrEqual(5_000);
    expect(PREVIEW_TIMEOUTS.checkEveryMs).toBeLessThanOrEqual(1_000);
  });
});
