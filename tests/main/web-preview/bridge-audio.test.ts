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
import { AUDIO_BRIDGE_PATH } from '../../../src/shared/audio-port-protocol';
import type { PlaybackReport } from '../../../src/shared/ipc';

let preview: WebPreview;
let controller: VoiceController;
let logged: string[];

beforeEach(async () => {
  const root = await mkdtemp(join(tmpdir(), 'hark-preview-audio-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Hark</title>');
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

const url = (path: string): string =>
  `ws://127.0.0.1:${new URL(preview.origin).port}/${preview.token}/${path}`;

async function open(path: string, origin = preview.origin): Promise<WebSocket | number> {
  const ws = new WebSocket(url(path), { headers: { origin } });
  return new Promise((resolve) => {
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
  });
}

/** Everything a socket receives: text as parsed JSON, binary as bytes. */
function record(ws: WebSocket): unknown[] {
  const got: unknown[] = [];
  ws.on('message', (data, binary) =>
    got.push(binary ? new Uint8Array(data as Buffer) : JSON.parse(String(data))),
  );
  return got;
}

describe('the web preview audio socket', () => {
  it('carries reply audio as bare PCM with the item id once, end and clear in order; the ?audio=port bridge carries none', async () => {
    const audio = (await open(AUDIO_BRIDGE_PATH)) as WebSocket;
    const bridge = (await open(`${BRIDGE_PATH}?audio=port`)) as WebSocket;
    const plain = (await open(BRIDGE_PATH)) as WebSocket; // an older page: audio on its bridge
    const got = record(audio);
    const onBridge = record(bridge);
    const onPlain = record(plain);
    controller.emit('output-audio', { itemId: 'item_1', pcm: new Uint8Array([1, 2, 3, 4]) });
    controller.emit('output-audio', { itemId: 'item_1', pcm: new Uint8Array([5, 6]) });
    controller.emit('output-done', undefined);
    controller.emit('output-stop', undefined);
    await expect.poll(() => got.length).toBe(5);
    expect(got).toEqual([
      { type: 'item', itemId: 'item_1' },
      new Uint8Array([1, 2, 3, 4]),
      new Uint8Array([5, 6]),
      { type: 'end' },
      { type: 'clear' },
    ]);
    await expect.poll(() => onPlain.filter((m) => m instanceof Uint8Array).length).toBe(2);
    expect(onBridge.filter((m) => m instanceof Uint8Array)).toEqual([]);
    expect(onBridge).toContainEqual({ event: 'output-done', payload: null });
    for (const ws of [audio, bridge, plain]) ws.close();
  });

  it('validates what comes in like IPC: reports and mic frames pass, anything else is logged and dropped', async () => {
    const reports: PlaybackReport[] = [];
    const frames: number[] = [];
    controller.reportPlayback = (r) => void reports.push(r);
    controller.pushAudioFrame = (pcm) => void frames.push(pcm.byteLength);
    const audio = (await open(AUDIO_BRIDGE_PATH)) as WebSocket;
    const report = { itemId: 'item_1', playedMs: 100, bufferedMs: 20, underruns: 0 };
    audio.send(JSON.stringify({ type: 'played', ...report }));
    audio.send(JSON.stringify({ type: 'played', ...report, underruns: 1.5 }));
    audio.send(JSON.stringify(report)); // not typed as a report
    audio.send('not json');
    audio.send(JSON.stringify({ type: 'played', itemId: 'x'.repeat(2000) })); // too large
    audio.send(new Uint8Array(960), { binary: true });
    audio.send(new Uint8Array(3), { binary: true }); // half a sample
    await expect.poll(() => logged.filter((l) => l.includes('rejected')).length).toBe(5);
    expect(reports).toEqual([report]);
    expect(frames).toEqual([960]);
    audio.close();
  });

  it('is guarded like the bridge: only the preview page, and a cap on windows', async () => {
    expect(await open(AUDIO_BRIDGE_PATH, 'http://evil.example')).toBe(403);
    const first = (await open(AUDIO_BRIDGE_PATH)) as WebSocket;
    const second = (await open(AUDIO_BRIDGE_PATH)) as WebSocket;
    expect(await open(AUDIO_BRIDGE_PATH)).toBe(503);
    first.close();
    second.close();
  });
});
