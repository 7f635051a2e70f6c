import { describe, expect, it, vi } from 'vitest';
import { IPC } from '../../../src/shared/ipc';

vi.mock('electron', () => ({}));
const { registerIpc } = await import('../../../src/main/desktop/ipc');
const { VoiceController } = await import('../../../src/main/voice/voice-controller');
const { MemorySecretStore, MemorySettingsStore } =
  await import('../../../src/main/settings/settings-model');

function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, payload: unknown) => unknown>();
  const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
  return {
    handlers,
    listeners,
    handle: (channel: string, fn: (event: unknown, payload: unknown) => unknown) =>
      handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
    on: (channel: string, fn: (event: unknown, payload: unknown) => void) =>
      listeners.set(channel, fn),
    removeListener: (channel: string) => listeners.delete(channel),
  };
}

function setup() {
  const ipcMain = fakeIpcMain();
  const controller = new VoiceController({
    settings: new MemorySettingsStore(),
    secrets: new MemorySecretStore(),
  });
  const sent: [string, unknown][] = [];
  const window = {
    webContents: {
      id: 7,
      send: (c: string, p: unknown) => sent.push([c, p]),
    },
    isDestroyed: () => false,
  };
  const logs: string[] = [];
  const off = registerIpc(
    ipcMain as never,
    controller,
    () => [window as never],
    (url) => url === 'file:///app/renderer/index.html',
    (m) => logs.push(m),
  );
  const ours = {
    sender: { id: 7 },
    senderFrame: { url: 'file:///app/renderer/index.html', parent: null },
  };
  const foreign = {
    sender: { id: 8 },
    senderFrame: { url: 'https://evil.example/', parent: null },
  };
  const iframe = {
    sender: { id: 7 },
    senderFrame: { url: 'file:///app/renderer/index.html', parent: {} },
  };
  return { ipcMain, controller, sent, logs, off, ours, foreign, iframe };
}

describe('registerIpc', () => {
  it('answers our window and refuses other senders and subframes', async () => {
    const { ipcMain, ours, foreign, iframe, logs, controller } = setup();
    const getState = ipcMain.handlers.get(IPC.getState)!;
    expect(await getState(ours, undefined)).toMatchObject({
      health: { state: 'offline' },
      settings: { hasKey: false },
    });
    expect(await getState(foreign, undefined)).toEqual({ ok: false, error: 'untrusted sender' });
    expect(await getState(iframe, undefined)).toEqual({ ok: false, error: 'untrusted sender' });
    expect(logs.join('\n')).toMatch(/untrusted sender/);
    await controller.dispose();
  });

  it('validates settings updates and never returns the key', async () => {
    const { ipcMain, ours, controller } = setup();
    const save = ipcMain.handlers.get(IPC.saveSettings)!;
    expect(await save(ours, { provider: 'nope' })).toEqual({
      ok: false,
      error: 'unknown provider',
    });
    expect(await save(ours, { evil: 1 })).toEqual({
      ok: false,
      error: 'unknown settings field "evil"',
    });
    expect(await save(ours, { provider: 'openai', apiKey: 'sk-123' })).toEqual({ ok: true });
    const state = (await ipcMain.handlers.get(IPC.getState)!(ours, undefined)) as {
      settings: Record<string, unknown>;
    };
    expect(state.settings.hasKey).toBe(true);
    expect(JSON.stringify(state)).not.toContain('sk-123');
    await controller.dispose();
  });

  it('drops audio frames that are malformed or from a foreign sender', async () => {
    const { ipcMain, ours, foreign, controller, logs } = setup();
    const push = vi.spyOn(controller, 'pushAudioFrame');
    const onFrame = ipcMain.listeners.get(IPC.audioFrame)!;
    onFrame(foreign, new Uint8Array(960));
    onFrame(ours, new Uint8Array(3));
    onFrame(ours, 'not audio');
    onFrame(ours, new Uint8Array(960));
    expect(push).toHaveBeenCalledTimes(1);
    expect(logs.join('\n')).toMatch(/rejected audio frame/);
    await controller.dispose();
  });

  it('forwards controller events to the window and unregisters cleanly', async () => {
    const { ipcMain, controller, sent, off } = setup();
    controller.emit('notice', { level: 'info', title: 't', text: 'x' });
    expect(sent).toContainEqual([IPC.notice, { level: 'info', title: 't', text: 'x' }]);
    off();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listeners.size).toBe(0);
    controller.emit('notice', { level: 'info', title: 't2', text: 'y' });
    expect(sent.filter(([c]) => c === IPC.notice)).toHaveLength(1);
    await controller.dispose();
  });

  it('sends reply audio as bare PCM, the item id once per item before it', async () => {
    const { controller, sent, ipcMain, ours, foreign } = setup();
    const pcm = (n: number) => new Uint8Array(960).fill(n);
    controller.emit('output-audio', { itemId: 'item_1', pcm: pcm(1) });
    controller.emit('output-audio', { itemId: 'item_1', pcm: pcm(2) });
    controller.emit('output-audio', { itemId: 'item_2', pcm: pcm(3) });
    expect(sent.filter(([c]) => c === IPC.outputItem || c === IPC.outputAudio)).toEqual([
      [IPC.outputItem, 'item_1'],
      [IPC.outputAudio, pcm(1)],
      [IPC.outputAudio, pcm(2)],
      [IPC.outputItem, 'item_2'],
      [IPC.outputAudio, pcm(3)],
    ]);
    // A reload mid-reply: the new page's preload says so, and learns the id again.
    sent.length = 0;
    controller.emit('output-audio', { itemId: 'item_2', pcm: pcm(5) }); // reaches no one useful
    ipcMain.listeners.get(IPC.outputReset)!(foreign, undefined); // only our window may reset
    controller.emit('output-audio', { itemId: 'item_2', pcm: pcm(6) });
    expect(sent.map(([c]) => c)).toEqual([IPC.outputAudio, IPC.outputAudio]);
    ipcMain.listeners.get(IPC.outputReset)!(ours, undefined);
    sent.length = 0;
    controller.emit('output-audio', { itemId: 'item_2', pcm: pcm(4) });
    expect(sent).toEqual([
      [IPC.outputItem, 'item_2'],
      [IPC.outputAudio, pcm(4)],
    ]);
    // Main's deltas are views into a shared slab: only the view's bytes go, not the slab.
    sent.length = 0;
    const slab = new Uint8Array(64 * 1024).fill(7);
    controller.emit('output-audio', { itemId: 'item_2', pcm: slab.subarray(960, 1920) });
    const [[, sentPcm]] = sent as [[string, Uint8Array]];
    expect(sentPcm.buffer.byteLength).toBe(960);
    expect(sentPcm).toEqual(new Uint8Array(960).fill(7));
    await controller.dispose();
  });
});
