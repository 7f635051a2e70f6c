import { fork as forkProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchMain, MAIN_BUNDLE, type LaunchedMain } from './support/launch-bundle';

// The built main process (out/main/index.js, what electron-builder packages), run under
// plain Node with a recording stand-in for `electron` (tests/desktop/support): what a user's
// launch really does, without Electron's binary.
const fixture = (name: string) =>
  resolve(import.meta.dirname, '../main/desktop/hotkeys/fixtures', `${name}-hook.cjs`);
const launched: LaunchedMain[] = [];
function launch(env: NodeJS.ProcessEnv = {}): LaunchedMain {
  const main = launchMain(env);
  launched.push(main);
  return main;
}
afterEach(() => {
  for (const main of launched.splice(0)) {
    if (main.child.exitCode === null) main.child.kill('SIGKILL');
    // A hook process stuck in native code cannot notice that main is gone: end it here.
    for (const fork of main.all('utilityProcess.fork')) {
      try {
        process.kill(fork.pid as number, 'SIGKILL');
      } catch {
        // Already ended.
      }
    }
  }
});

const CREATIONS = [
  'BrowserWindow',
  'Tray',
  'utilityProcess.fork',
  'globalShortcut.register',
  'protocol.handle',
  'registerSchemesAsPrivileged',
  'whenReady',
];

describe('the built main bundle', { timeout: 60_000 }, () => {
  it('exists (run `electron-vite build` first)', () => {
    expect(existsSync(MAIN_BUNDLE)).toBe(true);
  });

  it('a second instance (lock refused) creates nothing and exits at once', async () => {
    const main = launch({ STANDIN_LOCK: '0' });
    const exit = await main.exited;
    expect(exit.code).toBe(0);
    expect(main.all('requestSingleInstanceLock')).toEqual([
      { record: 'requestSingleInstanceLock', granted: false },
    ]);
    expect(main.all('exit')).toEqual([{ record: 'exit', code: 0 }]);
    for (const type of CREATIONS) expect(main.all(type), type).toEqual([]);
  });

  it('the first instance: one isolated window from app://, the hook outside main, and a clean quit', async () => {
    const main = launch({
      STANDIN_HOOK_MODULE: fixture('working'),
      STANDIN_PACKAGED: '1',
      // A packaged build must not obey this.
      ELECTRON_RENDERER_URL: 'http://127.0.0.1:9/evil',
    });
    const window = await main.waitFor('BrowserWindow');
    const prefs = (window.options as { webPreferences: Record<string, unknown> }).webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: false,
    });
    expect(existsSync(String(prefs.preload))).toBe(true);
    expect(String(prefs.preload)).toMatch(/out[\\/]preload[\\/]index\.cjs$/);
    expect(await main.waitFor('loadURL')).toMatchObject({ url: 'app://hark/index.html' });
    expect(main.all('loadFile')).toEqual([]);
    const [scheme] = (main.all('registerSchemesAsPrivileged')[0]!.schemes as unknown[]) ?? [];
    expect(scheme).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });

    // The keyboard hook: another process, whose keys reach main (a turn starts in the window).
    const fork = await main.waitFor('utilityProcess.fork');
    expect(fork.modulePath).toBe(join(resolve(MAIN_BUNDLE, '..'), 'hook-process.js'));
    expect(fork.pid).not.toBe(fork.mainPid);
    await main.waitFor(
      'webContents.send',
      (r) => r.channel === 'hark:capture' && r.payload === true,
    );
    await main.waitFor(
      'webContents.send',
      (r) => r.channel === 'hark:capture' && r.payload === false,
    );

    // One window, one tray, the toggle shortcut, a menu without DevTools (packaged).
    expect(main.all('BrowserWindow')).toHaveLength(1);
    expect(main.all('Tray')).toHaveLength(1);
    expect(main.all('globalShortcut.register')).toHaveLength(1);
    expect(String(main.all('setApplicationMenu')[0]!.roles)).not.toMatch(/toggleDevTools|reload/);

    // Quitting releases everything: the process ends by itself once the test lets go.
    main.command({ cmd: 'quit' });
    await main.waitFor('quit-done');
    expect(main.all('Tray.destroy')).toHaveLength(1);
    expect(main.all('globalShortcut.unregister').at(-1)).toMatchObject({ left: 0 });
    expect(main.all('protocol.unhandle')).toEqual([{ record: 'protocol.unhandle', scheme: 'app' }]);
    expect(main.all('ipcMain.empty')).toHaveLength(1);
    await main.waitFor('utilityProcess.exit', (r) => r.pid === fork.pid);
    const exit = await Promise.race([
      main.exited,
      new Promise((r) => setTimeout(() => r('still running'), 10_000)),
    ]);
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('the built hook process presses paste when main asks (type_text), and answers', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'hark-bundle-tap-')), 'taps.jsonl');
    const hook = forkProcess(
      join(resolve(MAIN_BUNDLE, '..'), 'hook-process.js'),
      [`--hook-module=${fixture('typing')}`],
      { env: { ...process.env, HARK_TAP_LOG: log }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
    );
    try {
      const messages: { type: string }[] = [];
      hook.on('message', (m) => messages.push(m as { type: string }));
      const until = async (type: string): Promise<void> => {
        const end = Date.now() + 20_000;
        while (!messages.some((m) => m.type === type)) {
          if (Date.now() > end) throw new Error(`no ${type}: ${JSON.stringify(messages)}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await until('started');
      hook.send({ type: 'keyTap', id: 1, chord: 'paste', notAfter: Date.now() + 60_000 });
      await until('keyTapped');
      expect(messages.find((m) => m.type === 'keyTapped')).toEqual({ type: 'keyTapped', id: 1 });
      const modifier = process.platform === 'darwin' ? 3675 : 29;
      expect(JSON.parse(readFileSync(log, 'utf8'))).toEqual({ key: 47, modifiers: [modifier] });
    } finally {
      hook.kill('SIGKILL');
    }
  });

  it('serves the page with its CSP, and the AudioWorklet modules, from app://', async () => {
    // Development build, no dev server (ELECTRON_RENDERER_URL empty): app:// too.
    const main = launch({ STANDIN_HOOK_MODULE: fixture('working') });
    expect(await main.waitFor('loadURL')).toMatchObject({ url: 'app://hark/index.html' });
    await main.waitFor('protocol.handle');
    main.command({ cmd: 'fetch', url: 'app://hark/index.html' });
    const page = await main.waitFor('fetched');
    expect(page.status).toBe(200);
    const headers = page.headers as Record<string, string>;
    expect(headers['content-security-policy']).toMatch(/default-src 'none'.*script-src 'self'/);
    const script = /src="\.?(\/assets\/index-[^"]+\.js)"/.exec(String(page.body))![1]!;
    main.command({ cmd: 'fetch', url: `app://hark${script}` });
    const js = await main.waitFor('fetched', (r) => r.url === `app://hark${script}`);
    // Loaded with new URL(name, import.meta.url): beside the script, on app://hark.
    const worklets = [...String(js.body).matchAll(/"(\w+\.worklet-[\w-]+\.js)"/g)].map((m) => m[1]);
    expect(new Set(worklets).size).toBe(2);
    for (const name of new Set(worklets)) {
      const url = `app://hark/assets/${name}`;
      main.command({ cmd: 'fetch', url });
      const worklet = await main.waitFor('fetched', (r) => r.url === url);
      expect(worklet.status, url).toBe(200);
      expect((worklet.headers as Record<string, string>)['content-type']).toMatch(/javascript/);
    }
    main.command({ cmd: 'fetch', url: 'app://hark/../../package.json' });
    expect(
      await main.waitFor('fetched', (r) => String(r.url).includes('package.json')),
    ).toMatchObject({
      status: 404,
    });
  });

  it.runIf(process.platform === 'linux')(
    'the real uiohook-napi aborting (no display) takes down only its own process',
    async () => {
      const main = launch({ STANDIN_DISPLAY: '' });
      const first = await main.waitFor('utilityProcess.fork');
      const died = await main.waitFor('utilityProcess.exit', (r) => r.pid === first.pid);
      expect(died.signal ?? died.code).toBeTruthy();
      const notice = await main.waitFor(
        'webContents.send',
        (r) => r.channel === 'hark:notice' && /Hotkeys/.test(JSON.stringify(r.payload)),
      );
      expect(JSON.stringify(notice.payload)).toMatch(/toggle hotkey works everywhere/);
      // Main is alive and restarts the hook after a pause.
      await main.waitFor('utilityProcess.fork', (r) => r.pid !== first.pid);
      expect(main.child.exitCode).toBeNull();
    },
  );

  it('in development, the window loads the dev server and DevTools stay available', async () => {
    const main = launch({
      STANDIN_HOOK_MODULE: fixture('working'),
      ELECTRON_RENDERER_URL: 'http://localhost:5173',
    });
    expect(await main.waitFor('loadURL')).toMatchObject({ url: 'http://localhost:5173' });
    const window = await main.waitFor('BrowserWindow');
    expect(window.options).toMatchObject({ webPreferences: { devTools: true } });
  });

  it('opens the event inspector in one window of its own, as isolated as the first, closed on quit', async () => {
    const main = launch({ STANDIN_HOOK_MODULE: fixture('working'), STANDIN_PACKAGED: '1' });
    const first = await main.waitFor('BrowserWindow');
    await main.waitFor('loadURL');
    const channel = 'hark:assistant:open-inspector-window';
    main.command({ cmd: 'invoke', channel });
    expect(await main.waitFor('invoked')).toMatchObject({ result: { ok: true } });
    const windows = main.all('BrowserWindow');
    expect(windows).toHaveLength(2);
    const options = (w: (typeof windows)[number]) =>
      (w.options as { webPreferences: Record<string, unknown> }).webPreferences;
    expect(options(windows[1]!)).toEqual(options(first));
    expect(main.all('loadURL').at(-1)).toMatchObject({
      id: windows[1]!.id,
      url: 'app://hark/index.html#inspector',
    });
    // From the inspector's own page, again: the same window comes forward.
    main.command({ cmd: 'invoke', channel, window: 1 });
    await main.waitFor('invoked', (r) => r.window === 1);
    expect(main.all('BrowserWindow')).toHaveLength(2);
    expect(main.all('invoked').at(-1)).toMatchObject({ result: { ok: true } });
    main.command({ cmd: 'quit' });
    await main.waitFor('quit-done');
    expect(main.all('window.close')).toContainEqual(
      expect.objectContaining({ id: windows[1]!.id, prevented: false }),
    );
  });

  it('a second launch shows the window of the first', async () => {
    const main = launch({ STANDIN_HOOK_MODULE: fixture('working') });
    await main.waitFor('BrowserWindow');
    main.command({ cmd: 'emit', event: 'second-instance' });
    await main.waitFor('window.show');
  });
});
