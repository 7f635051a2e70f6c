import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Emitter } from '../../../src/shared/emitter';
import { IPC, type OutputAudioMessage, type PlaybackReport } from '../../../src/shared/ipc';
import type { PortChannel } from '../../../src/main/desktop/audio-ports';

vi.mock('electron', () => ({}));
const { registerAudioPorts } = await import('../../../src/main/desktop/audio-ports');
const { registerIpc } = await import('../../../src/main/desktop/ipc');
const { VoiceController } = await import('../../../src/main/voice/voice-controller');
const { MemorySecretStore, MemorySettingsStore } =
  await import('../../../src/main/settings/settings-model');

/** Node's MessageChannel shaped like Electron's MessageChannelMain (messages as {data}). */
const channels: MessageChannel[] = [];
function nodeChannel(): PortChannel {
  const channel = new MessageChannel();
  channels.push(channel);
  const port1 = {
    postMessage: (message: unknown) => channel.port1.postMessage(message),
    on: (name: string, listener: (event: { data: unknown }) => void) => {
      if (name === 'message') channel.port1.on('message', (data) => listener({ data }));
      else channel.port1.on('close', () => listener({ data: undefined }));
      return port1;
    },
    start: () => undefined,
    close: () => channel.port1.close(),
  };
  return { port1: port1 as never, port2: channel.port2 as never };
}
afterEach(() => {
  for (const c of channels.splice(0)) c.port2.close();
});

function fakeIpcMain() {
  const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
  return {
    listeners,
    handle: () => undefined,
    removeHandler: () => undefined,
    on: (channel: string, fn: (event: unknown, payload: unknown) => void) =>
      listeners.set(channel, fn),
    removeListener: (channel: string) => listeners.delete(channel),
  };
}

class FakeController extends Emitter<{
  'output-audio': OutputAudioMessage;
  'output-done': undefined;
  'output-stop': undefined;
}> {
  frames: Uint8Array[] = [];
  reports: PlaybackReport[] = [];
  pushAudioFrame(pcm: Uint8Array): void {
    this.frames.push(pcm);
  }
  reportPlayback(report: PlaybackReport): void {
    this.reports.push(report);
  }
}

/** A page (webContents 7) asking for a port; returns the port it is sent. */
function pageAsking(ipcMain: ReturnType<typeof fakeIpcMain>, kind: unknown, id = 7) {
  const received: { channel: string; kind: unknown; ports: MessagePort[] }[] = [];
  const event = {
    sender: {
      id,
      postMessage: (channel: string, message: unknown, ports: MessagePort[]) =>
        received.push({ channel, kind: message, ports }),
    },
  };
  ipcMain.listeners.get(IPC.audioPort)!(event, kind);
  return received;
}

const messages = (port: MessagePort, count: number): Promise<unknown[]> =>
  new Promise((resolve) => {
    const out: unknown[] = [];
    port.on('message', (m) => {
      out.push(m);
      if (out.length === count) resolve(out);
    });
  });

describe('Electron audio ports', () => {
  it('sends a page its playback port, then the item id once per item, bare PCM and end/clear in order', async () => {
    const ipcMain = fakeIpcMain();
    const controller = new FakeController();
    const ports = registerAudioPorts(
      ipcMain as never,
      controller,
      () => true,
      () => undefined,
      nodeChannel,
    );
    const [answer] = pageAsking(ipcMain, 'playback');
    expect(answer).toMatchObject({ channel: IPC.audioPort, kind: 'playback' });
    expect(ports.hasPlayback(7)).toBe(true);
    expect(ports.hasPlayback(8)).toBe(false);
    const port = answer!.ports[0]!;
    const got = messages(port, 7);
    controller.emit('output-audio', { itemId: 'a', pcm: new Uint8Array([1, 2]) });
    controller.emit('output-audio', { itemId: 'a', pcm: new Uint8Array([3, 4]) });
    controller.emit('output-done', undefined);
    // A view into a larger buffer (main's deltas are pool views): exactly its bytes cross.
    const pool = new Uint8Array([9, 9, 5, 6, 9]);
    controller.emit('output-audio', { itemId: 'b', pcm: pool.subarray(2, 4) });
    controller.emit('output-stop', undefined);
    expect(await got).toEqual([
      { type: 'item', itemId: 'a' },
      new Uint8Array([1, 2]).buffer,
      new Uint8Array([3, 4]).buffer,
      { type: 'end' },
      { type: 'item', itemId: 'b' },
      new Uint8Array([5, 6]).buffer,
      { type: 'clear' },
    ]);
    ports.dispose();
    expect(ports.hasPlayback(7)).toBe(false);
  });

  it('validates what the ports bring like IPC: reports and mic frames pass, anything else is logged and dropped', async () => {
    const ipcMain = fakeIpcMain();
    const controller = new FakeController();
    const logs: string[] = [];
    const ports = registerAudioPorts(
      ipcMain as never,
      controller,
      () => true,
      (m) => logs.push(m),
      nodeChannel,
    );
    const playback = pageAsking(ipcMain, 'playback')[0]!.ports[0]!;
    const capture = pageAsking(ipcMain, 'capture')[0]!.ports[0]!;
    const report = { itemId: 'a', playedMs: 120, bufferedMs: 40, underruns: 0 };
    playback.postMessage({ type: 'played', ...report });
    playback.postMessage({ type: 'played', ...report, playedMs: -1 });
    playback.postMessage({ ...report }); // no type
    capture.postMessage(new Uint8Array(960).buffer);
    capture.postMessage(new Uint8Array(3).buffer); // half a sample
    capture.postMessage('hello');
    await expect.poll(() => logs.length).toBe(2); // the log is rate-limited per 100 refusals
    await expect.poll(() => controller.frames.length).toBe(1);
    expect(controller.reports).toEqual([report]);
    expect(controller.frames[0]!.byteLength).toBe(960);
    expect(logs[0]).toMatch(/rejected playback port message: playback report: playedMs/);
    expect(logs[1]).toMatch(/rejected capture port message/);
    ports.dispose();
  });

  it('answers only trusted pages and known kinds, and a new request replaces the old port', async () => {
    const ipcMain = fakeIpcMain();
    const controller = new FakeController();
    const ports = registerAudioPorts(
      ipcMain as never,
      controller,
      (e) => (e as { sender: { id: number } }).sender.id === 7,
      () => undefined,
      nodeChannel,
    );
    expect(pageAsking(ipcMain, 'playback', 8)).toEqual([]);
    expect(pageAsking(ipcMain, 'speaker')).toEqual([]);
    const first = pageAsking(ipcMain, 'playback')[0]!.ports[0]!;
    const closed = new Promise((resolve) => first.once('close', resolve));
    const second = pageAsking(ipcMain, 'playback')[0]!.ports[0]!; // the page reloaded
    await closed;
    const got = messages(second, 2);
    controller.emit('output-audio', { itemId: 'a', pcm: new Uint8Array([1, 2]) });
    expect(await got).toEqual([{ type: 'item', itemId: 'a' }, new Uint8Array([1, 2]).buffer]);
    ports.dispose();
  });

  it('a window with a playback port gets no reply audio over IPC; one without still does', async () => {
    const ipcMain = fakeIpcMain();
    const controller = new VoiceController({
      settings: new MemorySettingsStore(),
      secrets: new MemorySecretStore(),
    });
    const sent: [number, string][] = [];
    const window = (id: number) => ({
      webContents: { id, send: (c: string) => sent.push([id, c]) },
      isDestroyed: () => false,
    });
    const off = registerIpc(
      ipcMain as never,
      controller,
      () => [window(7), window(9)] as never,
      () => true,
      () => undefined,
      null,
      nodeChannel,
    );
    const trustedEvent = {
      sender: { id: 7, postMessage: () => undefined },
      senderFrame: { url: 'app://hark/index.html', parent: null },
    };
    ipcMain.listeners.get(IPC.audioPort)!(trustedEvent, 'playback');
    controller.emit('output-audio', { itemId: 'a', pcm: new Uint8Array([1, 2]) });
    expect(sent.filter(([id]) => id === 7)).toEqual([]);
    expect(sent.filter(([id]) => id === 9).map(([, c]) => c)).toEqual([
      IPC.outputItem,
      IPC.outputAudio,
    ]);
    off();
    await controller.dispose();
  });
});
