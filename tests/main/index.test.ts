import type { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ASSISTANT_IPC } from '../../src/shared/assistant-ipc';
import { IPC } from '../../src/shared/ipc';

// The whole Electron surface the composition root touches, faked, so src/main/index.ts can
// run here (Electron's binary cannot). Each fake records what it was asked.
const userData = mkdtempSync(join(tmpdir(), 'hark-main-'));
// Damaged assistant settings from an earlier run: the window must be told once it loads.
writeFileSync(join(userData, 'assistant.json'), '{"speed": 1, damaged');
type FakeWindow = EventEmitter & {
  options: Record<string, unknown>;
  webContents: EventEmitter & { id: number; send: ReturnType<typeof vi.fn> };
  loadURL: ReturnType<typeof vi.fn>;
  hide: ReturnType<typeof vi.fn>;
  minimize: ReturnType<typeof vi.fn>;
};
type FakeChild = EventEmitter & { path: string; sent: unknown[]; killed: boolean };
const fakes = vi.hoisted(() => ({
  lock: true,
  exits: [] as number[],
  windows: [] as FakeWindow[],
  handlers: new Map<string, unknown>(),
  listeners: new Map<string, unknown>(),
  switches: [] as string[][],
  shortcuts: new Map<string, () => void>(),
  trays: [] as { image: unknown; destroyed: boolean }[],
  schemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: { url: string }) => Promise<Response>>(),
  menus: [] as unknown[],
  children: [] as FakeChild[],
  appEvents: null as unknown as EventEmitter,
  power: null as unknown as EventEmitter,
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => fakes.lock,
    getPath: () => userData,
    quit: vi.fn(),
    exit: (code: number) => fakes.exits.push(code),
    getVersion: () => '0.1.0',
    getName: () => 'Hark',
    setAboutPanelOptions: vi.fn(),
    setAppUserModelId: vi.fn(),
    getLoginItemSettings: () => ({ openAtLogin: false }),
    setLoginItemSettings: vi.fn(),
    commandLine: { appendSwitch: (...args: string[]) => fakes.switches.push(args) },
  });
  fakes.appEvents = app;
  fakes.power = new Emitter();
  let nextId = 1;
  class BrowserWindow extends Emitter {
    options: Record<string, unknown>;
    webContents: EventEmitter & { id: number; send: ReturnType<typeof vi.fn> };
    loadURL = vi.fn(async () => undefined);
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      this.webContents = Object.assign(new Emitter(), { id: nextId++, send: vi.fn() });
      fakes.windows.push(this as never);
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    show = vi.fn();
    hide = vi.fn();
    minimize = vi.fn();
    showInactive = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    close = vi.fn((): void => void this.emit('closed'));
  }
  return {
    app,
    // Added with crash recovery, notifications, displays and audio ports (issue 18, 20).
    crashReporter: { start: vi.fn() },
    dialog: { showMessageBox: vi.fn(async () => ({ response: 1 })), showErrorBox: vi.fn() },
    Notification: Object.assign(
      class {
        show = vi.fn();
        on = vi.fn();
      },
      { isSupported: () => false },
    ),
    screen: Object.assign(new Emitter(), { getAllDisplays: () => [] }),
    shell: { openPath: vi.fn(async () => ''), openExternal: vi.fn(async () => undefined) },
    MessageChannelMain: class {
      port1 = Object.assign(new Emitter(), {
        start: vi.fn(),
        close: vi.fn(),
        postMessage: vi.fn(),
      });
      port2 = Object.assign(new Emitter(), {
        start: vi.fn(),
        close: vi.fn(),
        postMessage: vi.fn(),
      });
    },
    BrowserWindow,
    nativeTheme: { shouldUseDarkColors: false },
    ipcMain: {
      handle: (channel: string, fn: unknown) => fakes.handlers.set(channel, fn),
      removeHandler: (channel: string) => fakes.handlers.delete(channel),
      on: (channel: string, fn: unknown) => fakes.listeners.set(channel, fn),
      removeListener: (channel: string) => fakes.listeners.delete(channel),
    },
    globalShortcut: {
      register: (accelerator: string, cb: () => void) => (
        fakes.shortcuts.set(accelerator, cb),
        true
      ),
      unregister: (accelerator: string) => fakes.shortcuts.delete(accelerator),
    },
    powerMonitor: fakes.power,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fakes.schemes.push(...schemes),
      handle: (scheme: string, handler: never) => fakes.protocolHandlers.set(scheme, handler),
      unhandle: (scheme: string) => fakes.protocolHandlers.delete(scheme),
    },
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(s),
      decryptString: (b: Buffer) => b.toString(),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
        resolveProxy: vi.fn(async () => 'DIRECT'),
      },
    },
    systemPreferences: { isTrustedAccessibilityClient: () => true },
    utilityProcess: {
      fork: (path: string) => {
        const child = Object.assign(new Emitter(), {
          path,
          sent: [] as unknown[],
          killed: false,
          postMessage(message: unknown) {
            this.sent.push(message);
          },
          kill() {
            this.killed = true;
            return true;
          },
        });
        fakes.children.push(child);
        return child;
      },
    },
    nativeImage: { createFromPath: (path: string) => path },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => fakes.menus.push(menu),
    },
    Tray: class {
      image: unknown;
      destroyed = false;
      constructor(image: unknown) {
        this.image = image;
        fakes.trays.push(this);
      }
      setImage(image: unknown) {
        this.image = image;
      }
      setToolTip() {}
      setContextMenu() {}
      on() {}
      destroy() {
        this.destroyed = true;
      }
    },
  };
});

await import('../../src/main/index');
await new Promise((resolve) => setTimeout(resolve, 20));

const key = { keycode: 57, ctrlKey: true, altKey: true, shiftKey: false, metaKey: false };
const hookChild = () => fakes.children.at(-1)!;
const fromPage = (window: FakeWindow) => ({
  sender: { id: window.webContents.id },
  senderFrame: { url: 'app://hark/index.html', parent: null },
});

describe('the composition root (src/main/index.ts) with Electron faked', () => {
  it('lets replies autoplay and opens one isolated window with the CommonJS preload', () => {
    expect(fakes.switches).toContainEqual(['autoplay-policy', 'no-user-gesture-required']);
    expect(fakes.windows).toHaveLength(1);
    const prefs = fakes.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      backgroundThrottling: false,
    });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('serves the renderer from the privileged app:// scheme', async () => {
    expect(fakes.schemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    expect(fakes.windows[0]!.loadURL).toHaveBeenCalledWith('app://hark/index.html');
    const handler = fakes.protocolHandlers.get('app')!;
    // The sources' folder has no built renderer; the handler answers, and refuses escapes.
    expect((await handler({ url: 'app://hark/../../package.json' })).status).toBe(404);
  });

  it('sets an application menu (reload and DevTools only in development)', () => {
    expect(fakes.menus).toHaveLength(1);
    expect(JSON.stringify(fakes.menus[0])).toContain('toggleDevTools');
  });

  it('registers the whole IPC contract', () => {
    for (const channel of [
      IPC.getState,
      IPC.connect,
      IPC.talkStart,
      IPC.talkStop,
      IPC.saveSettings,
      IPC.sendText,
      IPC.recordHotkey,
      IPC.requestAccessibility,
    ]) {
      expect(fakes.handlers.has(channel), channel).toBe(true);
    }
    expect(fakes.listeners.has(IPC.audioFrame)).toBe(true);
  });

  it('starts the keyboard hook in a utility process, the toggle hotkey and the tray', async () => {
    expect(fakes.children).toHaveLength(1);
    expect(hookChild().path).toMatch(/hook-process\.js$/);
    expect(fakes.shortcuts.has('CommandOrControl+Alt+Shift+H')).toBe(true);
    expect(fakes.trays).toHaveLength(1);
    expect(String(fakes.trays[0]!.image)).toMatch(/resources[\\/]tray-idle\.png$/);
    const getState = fakes.handlers.get(IPC.getState) as (
      e: unknown,
    ) => Promise<{ hotkeys: { holdActive: boolean } }>;
    expect((await getState(fromPage(fakes.windows[0]!))).hotkeys.holdActive).toBe(false);
    hookChild().emit('message', { type: 'started' });
    expect((await getState(fromPage(fakes.windows[0]!))).hotkeys).toMatchObject({
      hold: 'Ctrl+Alt+Space',
      holdActive: true,
      toggleActive: true,
    });
  });

  it('the hold-to-talk key starts a turn in the window (capture on), its release ends it', () => {
    const send = fakes.windows[0]!.webContents.send;
    send.mockClear();
    hookChild().emit('message', { type: 'keydown', event: key });
    expect(send).toHaveBeenCalledWith(IPC.capture, true);
    hookChild().emit('message', { type: 'keyup', event: key });
    expect(send).toHaveBeenCalledWith(IPC.capture, false);
  });

  it("keys typed in Hark's own window hold to talk too", () => {
    const window = fakes.windows[0]!;
    window.webContents.send.mockClear();
    const input = { code: 'Space', control: true, alt: true, shift: false, meta: false };
    window.webContents.emit('before-input-event', {}, { ...input, type: 'keyDown' });
    expect(window.webContents.send).toHaveBeenCalledWith(IPC.capture, true);
    window.webContents.emit('before-input-event', {}, { ...input, type: 'keyUp' });
    expect(window.webContents.send).toHaveBeenCalledWith(IPC.capture, false);
  });

  it('a held key is let go when the machine sleeps', () => {
    const send = fakes.windows[0]!.webContents.send;
    hookChild().emit('message', { type: 'keydown', event: key });
    send.mockClear();
    fakes.power.emit('suspend');
    expect(send).toHaveBeenCalledWith(IPC.capture, false);
  });

  it('records a new toggle hotkey: the next chord pressed becomes the accelerator, re-registered', async () => {
    const record = fakes.handlers.get(IPC.recordHotkey) as (
      e: unknown,
      kind: unknown,
    ) => Promise<unknown>;
    const sender = fromPage(fakes.windows[0]!);
    const result = record(sender, 'toggle');
    const ctrlF13 = { keycode: 91, ctrlKey: true, altKey: false, shiftKey: false, metaKey: false };
    hookChild().emit('message', { type: 'keydown', event: ctrlF13 });
    expect(await result).toEqual({ ok: true, hotkey: 'Ctrl+F13' });
    expect(fakes.shortcuts.has('Ctrl+F13')).toBe(true);
    expect(fakes.shortcuts.has('CommandOrControl+Alt+Shift+H')).toBe(false);
    expect(await record(sender, 'nonsense')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/hold" or "toggle/),
    });
  });

  it('a hook process that dies is a notice in the window, and main carries on', () => {
    const send = fakes.windows[0]!.webContents.send;
    send.mockClear();
    hookChild().emit('exit', 134);
    expect(send).toHaveBeenCalledWith(
      IPC.notice,
      expect.objectContaining({ title: 'Hotkeys', text: expect.stringMatching(/exit code 134/) }),
    );
    expect(send).toHaveBeenCalledWith(
      IPC.hotkeys,
      expect.objectContaining({ holdActive: false, toggleActive: true }),
    );
  });

  it('the same failure again while restarting updates the status without another notice', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the first restart
    expect(fakes.children).toHaveLength(2);
    const send = fakes.windows[0]!.webContents.send;
    send.mockClear();
    hookChild().emit('exit', 134);
    expect(send).toHaveBeenCalledWith(
      IPC.hotkeys,
      expect.objectContaining({ problem: expect.stringMatching(/Retrying in 5 s/) }),
    );
    expect(send.mock.calls.filter(([channel]) => channel === IPC.notice)).toEqual([]);
  });

  it('opens the inspector in one window of its own, as isolated, trusted for IPC, closed on quit', async () => {
    type Handler = (event: unknown, payload?: unknown) => Promise<unknown>;
    const open = fakes.handlers.get(ASSISTANT_IPC.openInspectorWindow) as Handler;
    const getAssistant = fakes.handlers.get(ASSISTANT_IPC.getAssistant) as Handler;
    const main = fakes.windows[0]!;
    expect(await getAssistant(fromPage(main))).toMatchObject({ inspectorWindow: true });
    expect(await open(fromPage(main))).toEqual({ ok: true });
    expect(fakes.windows).toHaveLength(2);
    const inspector = fakes.windows[1]! as FakeWindow & {
      focus: ReturnType<typeof vi.fn>;
      close: () => void;
    };
    expect(inspector.options.webPreferences).toEqual(main.options.webPreferences);
    expect(inspector.loadURL).toHaveBeenCalledWith('app://hark/index.html#inspector');
    // Its page may use the assistant's channels (it lists the events).
    expect(await getAssistant(fromPage(inspector))).toMatchObject({ inspectorWindow: true });
    // Asked again (from either window): the same window comes forward.
    expect(await open(fromPage(inspector))).toEqual({ ok: true });
    expect(fakes.windows).toHaveLength(2);
    expect(inspector.focus).toHaveBeenCalled();
    // Closed by the user, it can be opened again; a fresh one, still only one.
    inspector.close();
    expect(await getAssistant(fromPage(inspector))).toMatchObject({ ok: false });
    await open(fromPage(main));
    expect(fakes.windows).toHaveLength(3);
  });

  it('damaged assistant settings are a notice once the page has loaded, the file kept aside', () => {
    const send = fakes.windows[0]!.webContents.send;
    send.mockClear();
    fakes.windows[0]!.webContents.emit('did-finish-load');
    expect(send).toHaveBeenCalledWith(
      IPC.notice,
      expect.objectContaining({
        title: 'Assistant settings reset',
        text: expect.stringMatching(/could not be read.*kept as/),
      }),
    );
    expect(existsSync(join(userData, 'assistant.json'))).toBe(false);
    expect(readdirSync(userData).some((f) => f.startsWith('assistant.json.damaged-'))).toBe(true);
  });

  it('closing the window hides it to the tray (or minimizes it where there is no tray)', () => {
    const window = fakes.windows[0]!;
    const event = { preventDefault: vi.fn() };
    window.emit('close', event);
    expect(event.preventDefault).toHaveBeenCalled();
    const tray = !['', 'gnome'].includes((process.env.XDG_CURRENT_DESKTOP ?? '').toLowerCase());
    expect((tray ? window.hide : window.minimize).mock.calls.length).toBe(1);
  });

  it('a second launch shows the existing window', () => {
    const window = fakes.windows[0]! as FakeWindow & { show: ReturnType<typeof vi.fn> };
    window.show.mockClear();
    fakes.appEvents.emit('second-instance');
    expect(window.show).toHaveBeenCalled();
  });

  it('cleans up on quit', () => {
    fakes.appEvents.emit('before-quit');
    expect(fakes.handlers.size).toBe(0);
    expect(fakes.shortcuts.size).toBe(0); // the re-registered toggle too
    expect(fakes.trays[0]!.destroyed).toBe(true);
    expect(fakes.protocolHandlers.size).toBe(0);
    // The inspector's window closes with the app.
    expect(
      (fakes.windows[2] as unknown as { close: ReturnType<typeof vi.fn> }).close,
    ).toHaveBeenCalled();
    // Every hook process was either killed after failing or told to stop.
    for (const child of fakes.children)
      expect(child.killed || child.sent.some((m) => (m as { type: string }).type === 'stop')).toBe(
        true,
      );
    // …and the window may close for real now.
    const event = { preventDefault: vi.fn() };
    fakes.windows[0]!.emit('close', event);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });
});

describe('a second instance', () => {
  it('starts nothing: no window, tray, hook or shortcut', async () => {
    const before = {
      windows: fakes.windows.length,
      trays: fakes.trays.length,
      children: fakes.children.length,
      schemes: fakes.schemes.length,
    };
    fakes.lock = false;
    fakes.shortcuts.clear();
    vi.resetModules();
    await import('../../src/main/index');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fakes.exits).toEqual([0]);
    expect({
      windows: fakes.windows.length,
      trays: fakes.trays.length,
      children: fakes.children.length,
      schemes: fakes.schemes.length,
    }).toEqual(before);
    expect(fakes.shortcuts.size).toBe(0);
  });
});
