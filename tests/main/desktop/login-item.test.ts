import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autostartEntry, loginItem } from '../../../src/main/desktop/login-item';

const noApp = {
  getLoginItemSettings: () => ({ openAtLogin: false }),
  setLoginItemSettings: () => {
    throw new Error('not on this system');
  },
};

describe('start at login', () => {
  it('Linux: an XDG autostart entry that starts the AppImage when Hark runs from one', () => {
    const config = mkdtempSync(join(tmpdir(), 'hark-autostart-'));
    const entry = autostartEntry(
      { XDG_CONFIG_HOME: config, APPIMAGE: '/home/u/Apps/Hark "1".AppImage' },
      '/tmp/.mount_Hark/hark',
    );
    expect(entry.get()).toBe(false);
    entry.set(true);
    const path = join(config, 'autostart', 'hark.desktop');
    expect(entry.get()).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('Exec="/home/u/Apps/Hark \\"1\\".AppImage"\n');
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o644);
    entry.set(false);
    expect(existsSync(path)).toBe(false);
    entry.set(false); // already off: fine
  });

  it('macOS and Windows use Electron’s login item; development runs offer none', () => {
    let on = false;
    const app = {
      getLoginItemSettings: () => ({ openAtLogin: on }),
      setLoginItemSettings: ({ openAtLogin }: { openAtLogin: boolean }) => void (on = openAtLogin),
    };
    const mac = loginItem({ platform: 'darwin', app, env: {}, executable: '/x', packaged: true });
    mac.set(true);
    expect(mac.get()).toBe(true);
    const dev = loginItem({
      platform: 'win32',
      app: noApp,
      env: {},
      executable: '/x',
      packaged: false,
    });
    expect(dev.supported).toBe(false);
    expect(dev.get()).toBe(false);
  });
});
