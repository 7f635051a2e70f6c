import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchMain, type LaunchedMain } from './support/launch-bundle';

// The built main bundle under the recording stand-in for `electron`: what Hark does when a
// part of it dies (its window's renderer, the keyboard hook's process, main's own code).
const fixture = (name: string) =>
  resolve(import.meta.dirname, '../main/desktop/hotkeys/fixtures', `${name}-hook.cjs`);
const launched: LaunchedMain[] = [];
function launch(env: NodeJS.ProcessEnv = {}): { main: LaunchedMain; userData: string } {
  const userData = mkdtempSync(join(tmpdir(), 'hark-crash-'));
  const main = launchMain({
    STANDIN_HOOK_MODULE: fixture('working'),
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
const logText = (userData: string): string =>
  readFileSync(join(userData, 'logs', 'hark.log'), 'utf8');
const notices = (main: LaunchedMain) =>
  main
    .all('webContents.send')
    .filter((r) => r.channel === 'hark:notice')
    .map((r) => r.payload as { title: string; text: string });

describe('crash recovery in the built bundle', { timeout: 60_000 }, () => {
  it('a renderer that dies is recreated once, with a notice; a second death within a minute stops it', async () => {
    const { main, userData } = launch();
    const first = await main.waitFor('BrowserWindow');
    await main.waitFor('utilityProcess.fork');
    main.command({ cmd: 'renderer-gone', id: first.id, reason: 'crashed' });
    const second = await main.waitFor('BrowserWindow', (r) => r.id !== first.id);
    expect(second.options).toEqual(first.options); // the same isolation and preload
    await main.waitFor('window.destroy', (r) => r.id === first.id);
    expect(await main.waitFor('loadURL', (r) => r.id === second.id)).toMatchObject({
      url: 'app://hark/index.html',
    });
    // The new page is told once it has loaded; the hidden window's user by the system.
    main.command({ cmd: 'did-finish-load', id: second.id });
    await main.waitFor(
      'webContents.send',
      (r) => r.id === second.id && r.channel === 'hark:notice',
    );
    expect(notices(main).at(-1)!.title).toMatch(/window was reopened/);
    expect(notices(main).at(-1)!.text).toMatch(/crashed, exit code 139.*conversation is kept/);
    await main.waitFor(
      'Notification.show',
      (r) => (r.options as { title: string }).title === 'Hark’s window was reopened',
    );

    // IPC from the new window works (the app's calls, too).
    main.command({ cmd: 'invoke', channel: 'hark:app:get-info', window: 1 });
    expect(await main.waitFor('invoked')).toMatchObject({ result: { name: 'Hark' } });

    main.command({ cmd: 'renderer-gone', id: second.id, reason: 'oom' });
    await main.waitFor('Notification.show', (r) =>
      /keeps crashing/.test((r.options as { title: string }).title),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(main.all('BrowserWindow')).toHaveLength(2); // not recreated again
    const log = logText(userData);
    expect(log).toMatch(/window stopped \(crashed, exit code 139\): reopening it/);
    expect(log).toMatch(
      /window stopped \(oom, exit code 139\) again within 60 s: not reopening it/,
    );
    expect(main.child.exitCode).toBeNull();
  });

  it('a window that stops responding is logged and, when the user says so, reloaded', async () => {
    const { main, userData } = launch({ STANDIN_DIALOG_RESPONSE: '0' });
    const window = await main.waitFor('BrowserWindow');
    main.command({ cmd: 'unresponsive', id: window.id });
    const dialog = await main.waitFor('dialog.showMessageBox');
    expect(dialog.options).toMatchObject({ buttons: ['Reload', 'Wait'] });
    await main.waitFor('webContents.reload', (r) => r.id === window.id);
    expect(main.all('webContents.forcefullyCrashRenderer')).toHaveLength(1);
    // The renderer it ended on purpose is not a crash: no new window.
    main.command({ cmd: 'renderer-gone', id: window.id, reason: 'killed' });
    await new Promise((r) => setTimeout(r, 300));
    expect(main.all('BrowserWindow')).toHaveLength(1);
    expect(logText(userData)).toMatch(/window is not responding/);
  });

  it('the hook process dying (child-process-gone) is logged and the hook restarted', async () => {
    const { main, userData } = launch();
    const fork = await main.waitFor('utilityProcess.fork');
    await main.waitFor('webContents.send', (r) => r.channel === 'hark:capture');
    process.kill(fork.pid as number, 'SIGKILL');
    await main.waitFor('utilityProcess.exit', (r) => r.pid === fork.pid);
    const again = await main.waitFor('utilityProcess.fork', (r) => r.pid !== fork.pid);
    expect(again.modulePath).toBe(fork.modulePath);
    expect(logText(userData)).toMatch(/Utility process Hark keyboard hook gone \(killed/);
    expect(logText(userData)).toMatch(/keyboard hook: the keyboard hook stopped \(exit code/);
  });

  it('an uncaught exception or unhandled rejection in main: a log line with its stack and a notice (window and system)', async () => {
    const { main, userData } = launch();
    await main.waitFor('BrowserWindow');
    await main.waitFor('utilityProcess.fork');
    main.command({ cmd: 'throw', message: 'stand-in failure' });
    const notice = await main.waitFor(
      'webContents.send',
      (r) => r.channel === 'hark:notice' && /stand-in failure/.test(JSON.stringify(r.payload)),
    );
    expect(notice.payload).toMatchObject({ title: 'Something went wrong inside Hark' });
    expect(JSON.stringify(notice.payload)).toMatch(/restarted its connection/);
    await main.waitFor(
      'Notification.show',
      (r) => (r.options as { title: string }).title === 'Something went wrong inside Hark',
    );
    expect(logText(userData)).toMatch(
      /Uncaught exception: Error: stand-in failure\n\s+at .*electron-stand-in\.cjs/,
    );
    // An unhandled rejection: logged and told, too.
    main.command({ cmd: 'reject', message: 'lost promise' });
    await main.waitFor(
      'webContents.send',
      (r) => r.channel === 'hark:notice' && /lost promise/.test(JSON.stringify(r.payload)),
    );
    expect(logText(userData)).toMatch(/Unhandled rejection: Error: lost promise\n\s+at /);
    expect(main.child.exitCode).toBeNull();
  });
});
