import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchMain, ROOT, type LaunchedMain } from './support/launch-bundle';

// The built main bundle under the recording stand-in for `electron`: the desktop conventions
// a user meets — Windows' AppUserModelId, local crash dumps, About, the logs folder, start at
// login and the update switch — as the calls Hark makes.
const fixture = resolve(import.meta.dirname, '../main/desktop/hotkeys/fixtures/working-hook.cjs');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
};
const launched: LaunchedMain[] = [];
function launch(env: NodeJS.ProcessEnv = {}): { main: LaunchedMain; userData: string } {
  const userData = mkdtempSync(join(tmpdir(), 'hark-conventions-'));
  const main = launchMain({
    STANDIN_HOOK_MODULE: fixture,
    STANDIN_PACKAGED: '1',
    STANDIN_USER_DATA: userData,
    ...env,
  });
  launched.push(main);
  return { main, userData };
}
afterEach(() => {
  for (const main of launched.splice(0)) {
    if (main.child.exitCode === null) main.child.kill('SIGKILL');
    for (const fork of main.all('utilityProcess.fork')) {
      try {
        process.kill(fork.pid as number, 'SIGKILL');
      } catch {
        // Already ended.
      }
    }
  }
});
async function invoke(main: LaunchedMain, channel: string, payload?: unknown): Promise<unknown> {
  const before = main.all('invoked').length;
  main.command({ cmd: 'invoke', channel, payload });
  await main.waitFor('invoked', () => main.all('invoked').length > before);
  return main.all('invoked').at(-1)!.result;
}

describe('desktop conventions in the built bundle', { timeout: 60_000 }, () => {
  it('Windows: the AppUserModelId is the installer’s appId; crash dumps stay local; start at login is Electron’s login item', async () => {
    const { main } = launch({ STANDIN_PLATFORM: 'win32' });
    expect(await main.waitFor('setAppUserModelId')).toMatchObject({ id: 'app.hark.desktop' });
    expect(await main.waitFor('crashReporter.start')).toMatchObject({
      options: { uploadToServer: false },
    });
    const order = main.records.map((r) => r.record);
    expect(order.indexOf('crashReporter.start')).toBeLessThan(order.indexOf('whenReady'));
    await main.waitFor('BrowserWindow');

    // Off by default; the switch turns Electron's login item on and off.
    expect(await invoke(main, 'hark:app:get-info')).toMatchObject({
      preferences: { openAtLogin: false },
      loginItemSupported: true,
    });
    expect(await invoke(main, 'hark:app:set-preferences', { openAtLogin: true })).toEqual({
      ok: true,
    });
    expect(main.all('setLoginItemSettings')).toEqual([
      { record: 'setLoginItemSettings', settings: { openAtLogin: true } },
    ]);
    expect(await invoke(main, 'hark:app:get-info')).toMatchObject({
      preferences: { openAtLogin: true },
    });
    // Every window hears of the change.
    await main.waitFor('webContents.send', (r) => r.channel === 'hark:app:info');
  });

  it('Linux: start at login writes (and removes) an XDG autostart entry; a bad payload is refused', async () => {
    const config = mkdtempSync(join(tmpdir(), 'hark-xdg-'));
    const { main } = launch({ XDG_CONFIG_HOME: config });
    await main.waitFor('BrowserWindow');
    expect(main.all('setAppUserModelId')).toEqual([]); // Windows only
    const entry = join(config, 'autostart', 'hark.desktop');
    expect(await invoke(main, 'hark:app:set-preferences', { openAtLogin: 'yes' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/openAtLogin must be true or false/),
    });
    expect(existsSync(entry)).toBe(false);
    expect(await invoke(main, 'hark:app:set-preferences', { openAtLogin: true })).toEqual({
      ok: true,
    });
    const text = readFileSync(entry, 'utf8');
    expect(text).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Hark\n/);
    expect(text).toMatch(new RegExp(`^Exec="${process.execPath.replace(/[/.]/g, '\\$&')}"$`, 'm'));
    expect(await invoke(main, 'hark:app:set-preferences', { openAtLogin: false })).toEqual({
      ok: true,
    });
    expect(existsSync(entry)).toBe(false);
  });

  it('About on every system (version, Electron, Chromium, licence) and "Open Logs Folder"', async () => {
    const { main, userData } = launch();
    const about = await main.waitFor('setAboutPanelOptions');
    expect(about.options).toMatchObject({
      applicationName: 'Hark',
      applicationVersion: version,
      copyright: expect.stringMatching(/MIT/),
    });
    expect(String((about.options as { version: string }).version)).toMatch(
      /^Electron .* · Chromium /,
    );
    const menu = String((await main.waitFor('setApplicationMenu')).roles);
    expect(menu).toMatch(/"label":"Help"/);
    expect(menu).toMatch(/"label":"About Hark"/);
    expect(menu).toMatch(/"label":"Open Logs Folder"/);
    const info = (await invoke(main, 'hark:app:get-info')) as Record<string, unknown>;
    expect(info).toMatchObject({
      name: 'Hark',
      version,
      licence: 'MIT',
      logsFolder: join(userData, 'logs'),
      crashDumps: join(userData, 'Crashpad'),
    });
    expect(await invoke(main, 'hark:app:open-logs-folder')).toEqual({ ok: true });
    expect(main.all('shell.openPath')).toEqual([
      { record: 'shell.openPath', path: join(userData, 'logs') },
    ]);
    // Calls that take nothing refuse an argument.
    expect(await invoke(main, 'hark:app:open-logs-folder', 'x')).toMatchObject({ ok: false });
  });

  it('the update switch is kept in app.json and turns the checks off', async () => {
    const { main, userData } = launch();
    await main.waitFor('BrowserWindow');
    expect(await invoke(main, 'hark:app:set-preferences', { checkForUpdates: false })).toEqual({
      ok: true,
    });
    expect(JSON.parse(readFileSync(join(userData, 'app.json'), 'utf8'))).toEqual({
      checkForUpdates: false,
    });
    expect(await invoke(main, 'hark:app:get-info')).toMatchObject({
      preferences: { checkForUpdates: false },
      update: { state: 'off', why: 'Update checks are turned off.' },
    });
  });

  it('a development run never checks for updates', async () => {
    const { main } = launch({ STANDIN_PACKAGED: '' });
    await main.waitFor('BrowserWindow');
    expect(await invoke(main, 'hark:app:get-info')).toMatchObject({
      update: { state: 'off', why: expect.stringMatching(/development run/) },
    });
    expect(await invoke(main, 'hark:app:check-for-updates')).toMatchObject({ ok: false });
  });
});
