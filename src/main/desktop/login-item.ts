/**
 * "Start Hark at login" (off by default). macOS and Windows: Electron's login item. Linux
 * (where Electron has none): an XDG autostart entry, ~/.config/autostart/hark.desktop.
 */
import { existsSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';

export interface LoginItem {
  readonly supported: boolean;
  get(): boolean;
  set(openAtLogin: boolean): void;
}

export interface LoginItemApp {
  getLoginItemSettings(): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
}

export function loginItem(options: {
  platform: NodeJS.Platform;
  app: LoginItemApp;
  env: NodeJS.ProcessEnv;
  /** What starts Hark: the AppImage when run from one, else the executable. */
  executable: string;
  packaged: boolean;
}): LoginItem {
  // A development run would register Electron itself (with no app): not offered.
  if (!options.packaged) return { supported: false, get: () => false, set: () => undefined };
  if (options.platform === 'darwin' || options.platform === 'win32') {
    return {
      supported: true,
      get: () => options.app.getLoginItemSettings().openAtLogin,
      set: (openAtLogin) => options.app.setLoginItemSettings({ openAtLogin }),
    };
  }
  if (options.platform === 'linux') return autostartEntry(options.env, options.executable);
  return { supported: false, get: () => false, set: () => undefined };
}

/** The XDG autostart entry (freedesktop.org Desktop Application Autostart Specification). */
export function autostartEntry(env: NodeJS.ProcessEnv, executable: string): LoginItem {
  const config = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  const path = join(config, 'autostart', 'hark.desktop');
  const launcher = env.APPIMAGE || executable;
  return {
    supported: true,
    get: () => existsSync(path),
    set: (openAtLogin) => {
      if (!openAtLogin) {
        rmSync(path, { force: true });
        return;
      }
      writeFileAtomic(
        path,
        [
          '[Desktop Entry]',
          'Type=Application',
          'Name=Hark',
          'Comment=Voice assistant for the OpenAI Realtime API',
          `Exec=${desktopExecQuote(launcher)}`,
          'Icon=hark',
          'Terminal=false',
          'X-GNOME-Autostart-enabled=true',
          '',
        ].join('\n'),
        0o644,
      );
    },
  };
}

/** A path as one argument of a desktop entry's Exec key (spec: quoted, \ " ` $ escaped). */
function desktopExecQuote(path: string): string {
  return `"${path.replace(/[\\"`$]/g, (c) => `\\${c}`)}"`;
}
