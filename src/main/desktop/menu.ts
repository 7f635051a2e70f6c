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
  return menu;
}
