import type { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { IPC, type HotkeyStatus } from '../../src/shared/ipc';

// The composition root as it starts on macOS (process.platform faked), with Electron faked:
// hold-to-talk waits for Accessibility, ⚙'s button asks for it through IPC, and focusing
// Hark again re-checks and starts the hook. The Linux path is tests/main/index.test.ts.
const userData = mkdtempSync(join(tmpdir(), 'hark-main-mac-'));
type FakeChild = EventEmitter & { path: string; sent: unknown[]; killed: boolean };
const fakes = vi.hoisted(() => ({
  trusted: false,
  prompts: 0,
  windows: [] as (EventEmitter & { webContents: { id: number; send: ReturnType<typeof vi.fn> } })[],
  handlers: new Map<string, (event: unknown, payload?: unknown) => Promise<unknown>>(),
  children: [] as FakeChild[],
  appEvents: null as unknown as EventEmitter,
}));

const realPlatform = process.platform;
Object.defineProperty(process, 'platform', { value: 'darwin' });
afterAll(() => Object.defineProperty(process, 'platform', { value: realPlatform }));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => true,
    getPath: () => userData,
    quit: vi.fn(),
    exit: vi.fn(),
    hide: vi.fn(),
    getVersion: () => '0.1.0',
    getName: () => 'Hark',
    setAboutPanelOptions: vi.fn(),
    setAppUserModelId: vi.fn(),
    getLoginItemSettings: () => ({ openAtLogin: false }),
    setLoginItemSettings: vi.fn(),
    commandLine: { appendSwitch: vi.fn() },
  });
  fakes.appEvents = app;
  let nextId = 1;
  class BrowserWindow extends Emitter {
    webContents = Object.assign(new Emitter(), { id: nextId++, send: vi.fn() });
    loadURL = vi.fn(async () => undefined);
    constructor(readonly options: Record<string, unknown>) {
      super();
      fakes.windows.push(this as never);
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    isFocused = () => false;
    show = vi.fn();
    hide = vi.fn();
    minimize = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
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
      handle: (channel: string, fn: never) => fakes.handlers.set(channel, fn),
      removeHandler: (channel: string) => fakes.handlers.delete(channel),
      on: vi.fn(),
      removeListener: vi.fn(),
    },
    globalShortcut: { register: () => true, unregister: () => undefined },
    powerMonitor: new Emitter(),
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn(), unhandle: vi.fn() },
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
    systemPreferences: {
      isTrustedAccessibilityClient: (prompt: boolean) => {
        if (prompt) fakes.prompts++;
        return fakes.trusted;
      },
      getMediaAccessStatus: () => 'granted',
      askForMediaAccess: async () => true,
    },
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
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: vi.fn() },
    Tray: class {
      setImage() {}
      setToolTip() {}
      setContextMenu() {}
      on() {}
      destroy() {}
    },
  };
});

await import('../../src/main/index');
await new Promise((resolve) => setTimeout(resolve, 20));

const fromPage = () => ({
  sender: { id: fakes.windows[0]!.webContents.id },
  senderFrame: { url: 'app://hark/index.html', parent: null },
});
const call = (channel: string, payload?: unknown) =>
  fakes.handlers.get(channel)!(fromPage(), payload);
const hotkeyStatus = async () => ((await call(IPC.getState)) as { hotkeys: HotkeyStatus }).hotkeys;

describe('the composition root on macOS (Electron faked)', () => {
  it('without Accessibility: no hook process, and the status asks for the permission', async () => {
    expect(fakes.children).toEqual([]);
    expect(await hotkeyStatus()).toMatchObject({
      needsAccessibility: true,
      holdActive: false,
      problem: expect.stringMatching(/⚙ Settings \(Hotkeys\)/),
    });
    expect(fakes.prompts).toBe(0); // never asked without a user action
  });

  it("⚙'s button shows the system prompt through IPC; still not granted, still waiting", async () => {
    expect(await call(IPC.requestAccessibility)).toEqual({ ok: true, granted: false });
    expect(fakes.prompts).toBe(1);
    expect(fakes.children).toEqual([]);
    expect(await call(IPC.requestAccessibility, 'prompt')).toMatchObject({ ok: false });
    expect(fakes.prompts).toBe(1);
  });

  it('granted in System Settings: focusing Hark again starts the hook, and the window hears it', async () => {
    const send = fakes.windows[0]!.webContents.send;
    send.mockClear();
    fakes.trusted = true;
    fakes.appEvents.emit('browser-window-focus');
    expect(fakes.children).toHaveLength(1);
    expect(fakes.children[0]!.path).toMatch(/hook-process\.js$/);
    fakes.children[0]!.emit('message', { type: 'started' });
    expect(await hotkeyStatus()).toMatchObject({ needsAccessibility: false, holdActive: true });
    expect(send).toHaveBeenCalledWith(
      IPC.hotkeys,
      expect.objectContaining({ needsAccessibility: false, holdActive: true }),
    );
    // Not needed any more: the button's call is refused and macOS is not asked again.
    expect(await call(IPC.requestAccessibility)).toMatchObject({ ok: false });
    expect(fakes.prompts).toBe(1);
  });

  it('quitting stops the hook', () => {
    fakes.appEvents.emit('before-quit');
    expect(fakes.children[0]!.sent).toContainEqual({ type: 'stop' });
  });
});
