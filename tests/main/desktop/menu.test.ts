import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { applicationMenu } from '../../../src/main/desktop/menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? flatten(item.submenu) : []),
  ]);
}

const roles = (items: MenuItemConstructorOptions[]) =>
  flatten(items)
    .map((i) => i.role)
    .filter(Boolean);

describe('applicationMenu', () => {
  const actions = { showWindow: vi.fn(), requestAccessibility: vi.fn() };

  it('packaged: no reload, no DevTools, on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const menu = applicationMenu({ platform, packaged: true, ...actions });
      expect(roles(menu)).not.toContain('reload');
      expect(roles(menu)).not.toContain('forceReload');
      expect(roles(menu)).not.toContain('toggleDevTools');
      expect(roles(menu)).toEqual(expect.arrayContaining(['quit', 'copy', 'paste', 'selectAll']));
    }
  });

  it('in development: reload and DevTools', () => {
    const menu = applicationMenu({ platform: 'linux', packaged: false, ...actions });
    expect(roles(menu)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('macOS: the app menu offers the Accessibility prompt (a user action)', () => {
    const menu = applicationMenu({ platform: 'darwin', packaged: true, ...actions });
    expect(menu[0]!.label).toBe('Hark');
    const item = flatten(menu).find((i) => i.label?.startsWith('Allow Hold-to-Talk'))!;
    (item.click as () => void)();
    expect(actions.requestAccessibility).toHaveBeenCalled();
    const other = applicationMenu({ platform: 'win32', packaged: true, ...actions });
    expect(flatten(other).some((i) => i.label?.startsWith('Allow Hold-to-Talk'))).toBe(false);
  });
});

describe('About and the logs folder', () => {
  const base = { packaged: true, showWindow: vi.fn(), requestAccessibility: vi.fn() };
  const labels = (items: MenuItemConstructorOptions[]) => flatten(items).map((i) => i.label);

  it('About Hark is in Help on Windows and Linux (macOS: the Hark menu’s native About)', () => {
    const showAbout = vi.fn();
    const openLogsFolder = vi.fn();
    for (const platform of ['win32', 'linux'] as const) {
      const menu = applicationMenu({ platform, ...base, showAbout, openLogsFolder });
      const help = menu.find((m) => m.label === 'Help')!;
      expect(labels(help.submenu as MenuItemConstructorOptions[])).toEqual([
        'Open Logs Folder',
        undefined,
        'About Hark',
      ]);
      flatten(menu).find((i) => i.label === 'About Hark')!.click!(
        undefined as never,
        undefined as never,
        undefined as never,
      );
    }
    expect(showAbout).toHaveBeenCalledTimes(2);
    const mac = applicationMenu({ platform: 'darwin', ...base, showAbout, openLogsFolder });
    expect(roles(mac)).toContain('about');
    expect(labels(mac)).toContain('Open Logs Folder');
    expect(labels(mac)).not.toContain('About Hark');
  });
});
