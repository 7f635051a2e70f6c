import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import {
  ASSISTANT_EVENTS,
  ASSISTANT_METHOD_CHANNELS,
  ASSISTANT_METHODS,
} from '../../shared/assistant-ipc';
import {
  AssistantRequestError,
  assistantHandlers,
  forwardAssistantEvents,
  type AssistantHost,
} from '../assistant/assistant-handlers';

/**
 * The assistant's IPC channels (tools, approvals, cost, inspector, history, settings).
 * Like the core contract: every payload is validated and a sender that is not the main
 * frame of one of our windows is refused.
 */
export function registerAssistantIpc(
  ipcMain: IpcMain,
  host: AssistantHost,
  windows: () => BrowserWindow[],
  isTrustedUrl: (url: string) => boolean,
  log: (message: string) => void = () => undefined,
  appInfo: Record<string, string> = {},
): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    const ok =
      windows().some((w) => !w.isDestroyed() && w.webContents.id === event.sender.id) &&
      frame !== null &&
      frame.parent === null &&
      isTrustedUrl(frame.url);
    if (!ok)
      log(`dropped assistant IPC from an untrusted sender (${frame?.url ?? 'unknown frame'})`);
    return ok;
  };
  const handlers = assistantHandlers(host, appInfo);
  for (const method of ASSISTANT_METHODS) {
    ipcMain.handle(ASSISTANT_METHOD_CHANNELS[method], async (event, payload: unknown) => {
      if (!trusted(event)) return { ok: false, error: 'untrusted sender' };
      try {
        return await handlers[method](payload);
      } catch (error) {
        if (error instanceof AssistantRequestError) return { ok: false, error: error.message };
        throw error;
      }
    });
  }
  const off = forwardAssistantEvents(host.assistant, (name, payload) => {
    for (const window of windows())
      if (!window.isDestroyed()) window.webContents.send(ASSISTANT_EVENTS[name], payload);
  });
  return () => {
    for (const method of ASSISTANT_METHODS)
      ipcMain.removeHandler(ASSISTANT_METHOD_CHANNELS[method]);
    off();
  };
}
