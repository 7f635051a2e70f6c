/**
 * One sender check for every IPC channel (guarded-ipc.ts), used by both contracts: the
 * core (ipc.ts) and the assistant's (assistant-ipc.ts). Every channel of both refuses the
 * same senders the same way, and the handler never sees their payloads.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));
const { registerGuarded, senderGuard } = await import('../../../src/main/desktop/guarded-ipc');
const { registerIpc } = await import('../../../src/main/desktop/ipc');
const { registerAssistantIpc } = await import('../../../src/main/desktop/assistant-ipc');
const { VoiceController } = await import('../../../src/main/voice/voice-controller');
const { MemorySecretStore, MemorySettingsStore } =
  await import('../../../src/main/settings/settings-model');

const PAGE = 'app://hark/index.html';
const ourWindow = { webContents: { id: 1 }, isDestroyed: () => false };
const closedWindow = { webContents: { id: 2 }, isDestroyed: () => true };
const senders = {
  ours: { sender: { id: 1 }, senderFrame: { url: PAGE, parent: null } },
  'another page in our window': {
    sender: { id: 1 },
    senderFrame: { url: 'https://evil.example/', parent: null },
  },
  'an iframe of our page': { sender: { id: 1 }, senderFrame: { url: PAGE, parent: {} } },
  'a window that is not ours': { sender: { id: 9 }, senderFrame: { url: PAGE, parent: null } },
  'a destroyed window of ours': { sender: { id: 2 }, senderFrame: { url: PAGE, parent: null } },
  'a frame that is gone': { sender: { id: 1 }, senderFrame: null },
};

function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, payload?: unknown) => Promise<unknown>>();
  return {
    handlers,
    ipcMain: {
      handle: (c: string, fn: never) => handlers.set(c, fn),
      removeHandler: (c: string) => handlers.delete(c),
      on: () => undefined,
      removeListener: () => undefined,
    },
  };
}

describe('senderGuard and registerGuarded', () => {
  it('let only the main frame of our own live window showing our page through', async () => {
    const logs: string[] = [];
    const guard = senderGuard({
      windows: () => [ourWindow, closedWindow] as never,
      isTrustedUrl: (url) => url === PAGE,
      log: (m) => logs.push(m),
      what: 'test IPC',
    });
    const { ipcMain, handlers } = fakeIpcMain();
    const run = vi.fn((payload: unknown) => ({ ok: true, payload }));
    class Refusal extends Error {}
    registerGuarded(ipcMain as never, 'ch', guard, run, (e): e is Refusal => e instanceof Refusal);
    for (const [name, event] of Object.entries(senders)) {
      const answer = await handlers.get('ch')!(event, 'payload');
      expect(answer, name).toEqual(
        name === 'ours'
          ? { ok: true, payload: 'payload' }
          : { ok: false, error: 'untrusted sender' },
      );
    }
    expect(run).toHaveBeenCalledTimes(1);
    expect(logs).toHaveLength(Object.keys(senders).length - 1);
    expect(logs[0]).toMatch(
      /^dropped test IPC from an untrusted sender \(https:\/\/evil\.example\/\)/,
    );
    // A refusal becomes an answer; anything else is thrown (a bug, not bad input).
    registerGuarded(
      ipcMain as never,
      'refuse',
      guard,
      () => {
        throw new Refusal('bad payload');
      },
      (e): e is Refusal => e instanceof Refusal,
    );
    expect(await handlers.get('refuse')!(senders.ours)).toEqual({
      ok: false,
      error: 'bad payload',
    });
    registerGuarded(
      ipcMain as never,
      'bug',
      guard,
      () => {
        throw new TypeError('oops');
      },
      (e): e is Refusal => e instanceof Refusal,
    );
    await expect(handlers.get('bug')!(senders.ours)).rejects.toThrow('oops');
  });

  it('guard every channel of both contracts alike', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const controller = new VoiceController({
      settings: new MemorySettingsStore(),
      secrets: new MemorySecretStore(),
    });
    const saveSettings = vi.spyOn(controller, 'saveSettings');
    const saveAssistant = vi.spyOn(controller.assistant, 'saveSettings');
    const windows = () =>
      [{ ...ourWindow, webContents: { id: 1, send: () => undefined } }] as never;
    registerIpc(ipcMain as never, controller, windows, (url) => url === PAGE);
    registerAssistantIpc(ipcMain as never, controller, windows, (url) => url === PAGE);
    expect(handlers.size).toBeGreaterThan(20);
    for (const [channel, handler] of handlers)
      for (const [name, event] of Object.entries(senders)) {
        if (name === 'ours') continue;
        expect(await handler(event, { provider: 'custom' }), `${channel} from ${name}`).toEqual({
          ok: false,
          error: 'untrusted sender',
        });
      }
    expect(saveSettings).not.toHaveBeenCalled();
    expect(saveAssistant).not.toHaveBeenCalled();
    await controller.dispose();
  });
});
