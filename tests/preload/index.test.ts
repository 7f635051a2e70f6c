import { describe, expect, it, vi } from 'vitest';
import type { HarkApi } from '../../src/shared/ipc';

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
  it('exposes window.hark with domain methods only, never ipcRenderer itself', () => {
    const hark = exposed.hark as Record<string, unknown>;
    expect(Object.keys(exposed)).toEqual(['hark']);
    expect(Object.values(hark).every((v) => typeof v === 'function')).toBe(true);
    expect(Object.values(hark)).not.toContain(ipcRenderer);
    expect(hark).not.toHaveProperty('invoke');
    expect(hark).not.toHaveProperty('send');
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
});
