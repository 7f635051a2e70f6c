import type { BrowserWindow, IpcMain } from 'electron';
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
import { registerGuarded, senderGuard } from './guarded-ipc';

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
  const trusted = senderGuard({ windows, isTrustedUrl, log, what: 'assistant IPC' });
  const handlers = assistantHandlers(host, appInfo);
  for (const method of ASSISTANT_METHODS)
    registerGuarded(
      ipcMain,
      ASSISTANT_METHOD_CHANNELS[method],
      trusted,
      (payload) => handlers[method](payload),
      (error): error is AssistantRequestError => error instanceof AssistantRequestError,
    );
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
