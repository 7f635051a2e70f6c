import { BrowserWindow, nativeTheme } from 'electron';

const PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
  spellcheck: false,
  // The mic and the speaker keep running when the window is in the background
  // (the global hotkey talks from any application).
  backgroundThrottling: false,
} as const;

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
    webPreferences: { ...PREFERENCES, preload: target.preload },
  });
  window.once('ready-to-show', () => window.show());
  load(window, target, null);
  return window;
}

/** The always-on-top mini window: the health pill and the talk state, nothing else. */
export function createMiniWindow(target: WindowTarget): BrowserWindow {
  const window = new BrowserWindow({
    width: 300,
    height: 76,
    resizable: false,
    maximizable: false,
    minimizable: false,
    fullscreenable: false,
    alwaysOnTop: true,
    frame: false,
    show: false,
    title: 'Hark mini',
    skipTaskbar: true,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171c' : '#f7f7fa',
    webPreferences: { ...PREFERENCES, preload: target.preload },
  });
  window.once('ready-to-show', () => window.showInactive());
  load(window, target, 'mini');
  return window;
}

function load(window: BrowserWindow, target: WindowTarget, hash: string | null): void {
  if (target.rendererUrl)
    void window.loadURL(hash ? `${target.rendererUrl}#${hash}` : target.rendererUrl);
  else void window.loadFile(target.rendererFile, hash ? { hash } : {});
}
