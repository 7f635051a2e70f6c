import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { APP_IPC, type AppInfo, type DesktopAppApi } from '../shared/ipc';

/** window.harkApp: the desktop app's own calls (updates, start at login, About, logs). */
export function appApi(ipcRenderer: IpcRenderer): DesktopAppApi {
  return {
    getInfo: () => ipcRenderer.invoke(APP_IPC.getInfo),
    setPreferences: (update) => ipcRenderer.invoke(APP_IPC.setPreferences, update),
    checkForUpdates: () => ipcRenderer.invoke(APP_IPC.checkForUpdates),
    restartToUpdate: () => ipcRenderer.invoke(APP_IPC.restartToUpdate),
    openLogsFolder: () => ipcRenderer.invoke(APP_IPC.openLogsFolder),
    onInfo: (listener) => {
      const wrapped = (_event: IpcRendererEvent, info: AppInfo): void => listener(info);
      ipcRenderer.on(APP_IPC.info, wrapped);
      return () => ipcRenderer.removeListener(APP_IPC.info, wrapped);
    },
  };
}
