import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu: what a user needs (edit shortcuts for the text fields, window
 * commands, quit) and, only in development, reload and DevTools. Electron's default menu
 * would offer both to every user.
 */
export function applicationMenu(options: {
  platform: NodeJS.Platform;
  packaged: boolean;
  showWindow: () => void;
  /** macOS: the Accessibility prompt for hold-to-talk, from a user's click. */
  requestAccessibility: () => void;
  /** About Hark (version, Electron and Chromium, licence) on every system. */
  showAbout?: () => void;
  openLogsFolder?: () => void;
}): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const menu: MenuItemConstructorOptions[] = [];
  if (mac) {
    menu.push({
      label: 'Hark',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        {
          label: 'Allow Hold-to-Talk in Other Apps…',
          click: () => options.requestAccessibility(),
        },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  } else {
    menu.push({ label: 'File', submenu: [{ role: 'quit', label: 'Quit Hark' }] });
  }
  menu.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  if (!options.packaged) {
    menu.push({
      label: 'Develop',
      submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }],
    });
  }
  menu.push({
    label: 'Window',
    submenu: [
      { label: 'Show Hark', click: () => options.showWindow() },
      { role: 'minimize' },
      { role: 'close' },
    ],
  });
  const help: MenuItemConstructorOptions[] = [];
  if (options.openLogsFolder) {
    const open = options.openLogsFolder;
    help.push({ label: 'Open Logs Folder', click: () => open() });
  }
  // macOS has About in the Hark menu (its native panel); elsewhere it lives under Help.
  if (!mac && options.showAbout) {
    const about = options.showAbout;
    help.push({ type: 'separator' }, { label: 'About Hark', click: () => about() });
  }
  if (help.length > 0) menu.push({ label: 'Help', role: 'help', submenu: help });
  return menu;
}
