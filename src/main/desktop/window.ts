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
  /** The page: app://hark/index.html, or the dev server in development. */
  url: string;
  /** False in packaged builds: no DevTools for users. */
  devTools: boolean;
}

/**
 * What every Hark window shares: the same isolation (context isolation, sandbox, no Node in
 * the page, DevTools only where allowed), the same preload, and the theme's background.
 */
function isolatedPage(target: WindowTarget) {
  return {
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171c' : '#f7f7fa',
    webPreferences: { ...PREFERENCES, devTools: target.devTools, preload: target.preload },
  };
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
    autoHideMenuBar: true,
    ...isolatedPage(target),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(target.url);
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
    ...isolatedPage(target),
  });
  window.once('ready-to-show', () => window.showInactive());
  void window.loadURL(`${target.url}#mini`);
  return window;
}

/** The event inspector in a window of its own: the same page, isolated the same way, #inspector. */
export function createInspectorWindow(target: WindowTarget): BrowserWindow {
  const window = new BrowserWindow({
    width: 760,
    height: 620,
    minWidth: 420,
    minHeight: 360,
    show: false,
    title: 'Hark — event inspector',
    autoHideMenuBar: true,
    ...isolatedPage(target),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${target.url}#inspector`);
  return window;
}

/**
 * What closing the main window does: hide it to the tray (the hotkeys keep working), or —
 * where there is likely no tray to come back from — minimize it to the taskbar. Vanilla
 * GNOME shows no tray icons (Ubuntu's ships the AppIndicator extension); HARK_TRAY=0/1
 * overrides the guess.
 */
export function closeAction(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
): 'hide' | 'minimize' {
  if (env.HARK_TRAY === '0') return 'minimize';
  if (env.HARK_TRAY === '1' || platform !== 'linux') return 'hide';
  const desktops = (env.XDG_CURRENT_DESKTOP ?? '').toLowerCase().split(':').filter(Boolean);
  if (desktops.length === 0) return 'minimize';
  if (desktops.includes('gnome') && !desktops.includes('ubuntu')) return 'minimize';
  return 'hide';
}
