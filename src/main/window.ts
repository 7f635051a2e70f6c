import { BrowserWindow, nativeTheme } from 'electron';

export interface WindowTarget {
  preload: string;
  /** The dev server URL, or null to load the built file. */
  rendererUrl: string | null;
  rendererFile: string;
}

/** The main window, isolated from day one: context isolation, sandbox, no Node in the page. */
export function createMainWindow(target: WindowTarget): BrowserWindow {
  const window = new BrowserWindow({
    width: 420,
    height: 640,
    minWidth: 340,
    minHeight: 480,
    show: false,
    title: 'Hark',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171c' : '#f7f7fa',
    autoHideMenuBar: true,
    webPreferences: {
      preload: target.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // The mic and the speaker keep running when the window is in the background
      // (the global hotkey talks from any application).
      backgroundThrottling: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  if (target.rendererUrl) void window.loadURL(target.rendererUrl);
  else void window.loadFile(target.rendererFile);
  return window;
}
