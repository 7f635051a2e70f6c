import type { BrowserWindow, IpcMain } from 'electron';
import {
  APP_IPC,
  IpcValidationError,
  validateAppPreferences,
  validateNoArgument,
  type AppInfo,
  type AppPreferencesUpdate,
  type CommandResult,
} from '../../shared/ipc';
import { registerGuarded, senderGuard } from './guarded-ipc';

/** What the desktop app's own calls do (index.ts implements it). */
export interface AppHost {
  info(): AppInfo;
  setPreferences(update: AppPreferencesUpdate): CommandResult;
  checkForUpdates(): Promise<CommandResult>;
  restartToUpdate(): CommandResult & { deferred?: boolean };
  openLogsFolder(): Promise<CommandResult>;
}

/**
 * The app-level channels (window.harkApp): like every other channel, a sender that is not the
 * main frame of one of our windows is refused and every payload is validated.
 */
export function registerAppIpc(
  ipcMain: IpcMain,
  host: AppHost,
  windows: () => BrowserWindow[],
  isTrustedUrl: (url: string) => boolean,
  log: (message: string) => void = () => undefined,
): { unregister: () => void; broadcast: () => void } {
  const trusted = senderGuard({ windows, isTrustedUrl, log, what: 'app IPC' });
  const refusal = (error: unknown): error is IpcValidationError =>
    error instanceof IpcValidationError;
  const handlers: Record<Exclude<keyof typeof APP_IPC, 'info'>, (payload: unknown) => unknown> = {
    getInfo: (payload) => (validateNoArgument(payload), host.info()),
    setPreferences: (payload) => host.setPreferences(validateAppPreferences(payload)),
    checkForUpdates: (payload) => (validateNoArgument(payload), host.checkForUpdates()),
    restartToUpdate: (payload) => (validateNoArgument(payload), host.restartToUpdate()),
    openLogsFolder: (payload) => (validateNoArgument(payload), host.openLogsFolder()),
  };
  for (const [name, run] of Object.entries(handlers))
    registerGuarded(ipcMain, APP_IPC[name as keyof typeof handlers], trusted, run, refusal);
  return {
    unregister: () => {
      for (const name of Object.keys(handlers))
        ipcMain.removeHandler(APP_IPC[name as keyof typeof handlers]);
    },
    /** Tell every window the app's state changed (an update's progress, a preference). */
    broadcast: () => {
      const info = host.info();
      for (const window of windows())
        if (!window.isDestroyed()) window.webContents.send(APP_IPC.info, info);
    },
  };
}
