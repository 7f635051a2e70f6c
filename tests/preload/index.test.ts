import { describe, expect, it, vi } from 'vitest';
import type { DesktopAppApi, HarkApi } from '../../src/shared/ipc';

const exposed: Record<string, unknown> = {};
const ipcRenderer = {
  invoke: vi.fn(async () => ({ ok: true })),
  send: vi.fn(),
  on: vi.fn(),
  removeListener: vi.fn(),
};
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (exposed[name] = api) },
  ipcRenderer,
}));

await import('../../src/preload/index');
const { IPC } = await import('../../src/shared/ipc');

describe('preload', () => {
  it('exposes window.hark (and window.harkApp) with domain methods only, never ipcRenderer itself', () => {
    expect(Object.keys(exposed)).toEqual(['hark', 'harkApp']);
    for (const name of ['hark', 'harkApp']) {
      const api = exposed[name] as Record<string, unknown>;
      expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
      expect(Object.values(api)).not.toContain(ipcRenderer);
      expect(api).not.toHaveProperty('invoke');
      expect(api).not.toHaveProperty('send');
    }
  });

  it('window.harkApp maps to the app channels; only the preferences carry an argument', async () => {
    const { APP_IPC } = await import('../../src/shared/ipc');
    const app = exposed.harkApp as DesktopAppApi;
    await app.setPreferences({ openAtLogin: true });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(APP_IPC.setPreferences, {
      openAtLogin: true,
    });
    await app.restartToUpdate();
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(APP_IPC.restartToUpdate);
  });

  it('maps methods to the contract channels', async () => {
    const hark = exposed.hark as HarkApi;
    await hark.talkStart('space');
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC.talkStart, 'space');
    const frame = new Uint8Array(960);
    hark.sendAudioFrame(frame);
    expect(ipcRenderer.send).toHaveBeenCalledWith(IPC.audioFrame, frame);
    await hark.requestAccessibility();
    // No argument crosses: main refuses any.
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC.requestAccessibility);
  });

  it('subscriptions hand over only the payload and can be removed', () => {
    const hark = exposed.hark as HarkApi;
    const seen: unknown[] = [];
    const off = hark.onHealth((h) => seen.push(h));
    const [channel, wrapped] = ipcRenderer.on.mock.calls.at(-1) as unknown as [
      string,
      (e: unknown, p: unknown) => void,
    ];
    expect(channel).toBe(IPC.health);
    wrapped({ sender: 'event object must not leak' }, { state: 'ready' });
    expect(seen).toEqual([{ state: 'ready' }]);
    off();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(IPC.health, wrapped);
  });

  it('gives reply audio back its item id, sent once per item on its own channel', () => {
    // At load the preload asked main to tell it the current item again.
    expect(ipcRenderer.send).toHaveBeenCalledWith(IPC.outputReset);
    const hark = exposed.hark as HarkApi;
    const seen: { itemId: string; first: number }[] = [];
    hark.onOutputAudio((m) => seen.push({ itemId: m.itemId, first: m.pcm[0]! }));
    const handler = (channel: string) =>
      (ipcRenderer.on.mock.calls as unknown as [string, (e: unknown, p: unknown) => void][])
        .filter(([c]) => c === channel)
        .at(-1)![1];
    const item = handler(IPC.outputItem);
    const audio = handler(IPC.outputAudio);
    audio({}, new Uint8Array([9])); // before any item: dropped
    item({}, 'item_1');
    audio({}, new Uint8Array([1]));
    audio({}, new Uint8Array([2]));
    item({}, 'item_2');
    audio({}, new Uint8Array([3]));
    expect(seen).toEqual([
      { itemId: 'item_1', first: 1 },
      { itemId: 'item_1', first: 2 },
      { itemId: 'item_2', first: 3 },
    ]);
  });
});
