import { registerAssistantIpc } from '../../../../src/main/desktop/assistant-ipc';
import { registerIpc } from '../../../../src/main/desktop/ipc';
import {
  MemorySecretStore,
  MemorySettingsStore,
} from '../../../../src/main/settings/settings-model';
import { VoiceController } from '../../../../src/main/voice/voice-controller';

export type IpcCall = (
  channel: string,
  payload?: unknown,
) => Promise<{ ok: boolean; error?: string } & Record<string, unknown>>;

/**
 * Hark's main window as the IPC handlers see it (electron mocked by the caller): a real
 * VoiceController behind the real handlers, and `call` to invoke a channel as our window's
 * main frame does. `sent` holds what main sent to the window. With `assistant`, the
 * assistant's channels are registered too.
 */
export function ipcWindow(options: { assistant?: boolean } = {}) {
  const handlers = new Map<string, (event: unknown, payload?: unknown) => Promise<unknown>>();
  const ipcMain = {
    handle: (c: string, fn: never) => handlers.set(c, fn),
    removeHandler: (c: string) => handlers.delete(c),
    on: () => undefined,
    removeListener: () => undefined,
  };
  const controller = new VoiceController({
    settings: new MemorySettingsStore(),
    secrets: new MemorySecretStore(),
    backoff: { firstMs: 5_000, capMs: 5_000 },
  });
  const sent: unknown[] = [];
  const win = {
    webContents: { id: 1, send: (_c: string, p: unknown) => sent.push(p) },
    isDestroyed: () => false,
  };
  const trusted = (url: string) => url === 'app://hark/index.html';
  registerIpc(ipcMain as never, controller, () => [win as never], trusted);
  if (options.assistant)
    registerAssistantIpc(ipcMain as never, controller, () => [win as never], trusted);
  const event = { sender: { id: 1 }, senderFrame: { url: 'app://hark/index.html', parent: null } };
  const call: IpcCall = (channel, payload) =>
    handlers.get(channel)!(event, payload) as ReturnType<IpcCall>;
  return { controller, call, sent };
}
