import type { BrowserWindow, IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';

export type SenderEvent = IpcMainEvent | IpcMainInvokeEvent;

/** Who may talk to main: the main frame of one of our windows, showing our page. */
export interface SenderPolicy {
  windows: () => BrowserWindow[];
  isTrustedUrl: (url: string) => boolean;
  /** Told about each dropped message ("dropped <what> from an untrusted sender (url)"). */
  log?: (message: string) => void;
  /** Names the channels in the log line ("IPC", "assistant IPC"). */
  what?: string;
}

/** The one sender check of every IPC channel; false (and a log line) for anyone else. */
export function senderGuard(policy: SenderPolicy): (event: SenderEvent) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    const ok =
      policy
        .windows()
        .some((window) => !window.isDestroyed() && window.webContents.id === event.sender.id) &&
      frame !== null &&
      frame.parent === null &&
      policy.isTrustedUrl(frame.url);
    if (!ok)
      policy.log?.(
        `dropped ${policy.what ?? 'IPC'} from an untrusted sender (${frame?.url ?? 'unknown frame'})`,
      );
    return ok;
  };
}

/**
 * `ipcMain.handle(channel)` behind the sender check: an untrusted sender gets
 * `{ ok: false, error: 'untrusted sender' }` and `run` never sees its payload; an error that
 * `isRefusal` recognises (a validation error) becomes `{ ok: false, error }`.
 */
export function registerGuarded(
  ipcMain: IpcMain,
  channel: string,
  trusted: (event: SenderEvent) => boolean,
  run: (payload: unknown) => unknown,
  isRefusal: (error: unknown) => error is Error,
): void {
  ipcMain.handle(channel, async (event, payload: unknown) => {
    if (!trusted(event)) return { ok: false, error: 'untrusted sender' };
    try {
      return await run(payload);
    } catch (error) {
      if (isRefusal(error)) return { ok: false, error: error.message };
      throw error;
    }
  });
}
