import type { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IPC } from '../../src/shared/ipc';

// The whole Electron surface the composition root touches, faked, so src/main/index.ts can
// run here (Electron's binary cannot). Each fake records what it was asked.
const userData = mkdtempSync(join(tmpdir(), 'hark-main-'));
const fakes = vi.hoisted(() => ({
  windows: [] as {
    options: Record<string, unknown>;
    webContents: { id: number; send: (...a: unknown[]) => void; once: (...a: unknown[]) => void };
    loadFile: unknown;
  }[],
  handlers: new Map<string, unknown>(),
  listeners: new Map<string, unknown>(),
  switches: [] as string[][],
  shortcuts: new Map<string, () => void>(),
  trays: [] as { image: unknown }[],
  appEvents: null as unknown as EventEmitter,
  power: null as unknown as EventEmitter,
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => true,
    getPath: () => userData,
    quit: vi.fn(),
    exit: vi.fn(),
    commandLine: { appendSwitch: (...args: string[]) => fakes.switches.push(args) },
  });
  fakes.appEvents = app;
  fakes.power = new Emitter();
  let nextId = 1;
  class BrowserWindow extends Emitter {
    options: Record<string, unknown>;
    webContents: { id: number; send: ReturnType<typeof vi.fn>; once: ReturnType<typeof vi.fn> };
    loadFile = vi.fn(async () => undefined);
    loadURL = vi.fn(async () => undefined);
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      this.webContents = { id: nextId++, send: vi.fn(), once: vi.fn() };
      fakes.windows.push(this as never);
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    show = vi.fn();
    hide = vi.fn();
    showInactive = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
  }
  return {
    app,
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
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(s),
      decryptString: (b: Buffer) => b.toString(),
    },
    session: {
      defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() },
    },
    systemPreferences: { isTrustedAccessibilityClient: () => true },
    nativeImage: { createFromPath: (path: string) => path },
    Menu: { buildFromTemplate: (template: unknown) => template },
    Tray: class {
      image: unknown;
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
      destroy = vi.fn();
    },
  };
});

// The keyboard hook: a fake that tests can press keys on.
const hook = vi.hoisted(() => ({
  emitter: null as unknown as EventEmitter,
  started: false,
}));
vi.mock('../../src/main/desktop/hotkeys/load-hook', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  hook.emitter = Object.assign(new Emitter(), {
    start: () => void (hook.started = true),
    stop: () => void (hook.started = false),
  });
  return { loadKeyboardHook: () => hook.emitter };
});

await import('../../src/main/index');
await new Promise((resolve) => setTimeout(resolve, 20));

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

  it('registers the whole IPC contract', () => {
    for (const channel of [
      IPC.getState,
      IPC.connect,
      IPC.talkStart,
      IPC.talkStop,
      IPC.saveSettings,
      IPC.sendText,
      IPC.recordHotkey,
    ]) {
      expect(fakes.handlers.has(channel), channel).toBe(true);
    }
    expect(fakes.listeners.has(IPC.audioFrame)).toBe(true);
  });

  it('starts the global hotkeys and the tray', async () => {
    expect(hook.started).toBe(true);
    expect(fakes.shortcuts.has('CommandOrControl+Alt+Shift+H')).toBe(true);
    expect(fakes.trays).toHaveLength(1);
    expect(String(fakes.trays[0]!.image)).toMatch(/resources[\\/]tray-idle\.png$/);
    const window = fakes.windows[0]!;
    const state = await (
      fakes.handlers.get(IPC.getState) as (e: unknown) => Promise<{ hotkeys: unknown }>
    )({
      sender: { id: window.webContents.id },
      senderFrame: { url: 'file:///x/out/renderer/index.html', parent: null },
    });
    expect(state.hotkeys).toMatchObject({
      hold: 'Ctrl+Alt+Space',
      holdActive: true,
      toggleActive: true,
    });
  });

  it('the hold-to-talk key starts a turn in the window (capture on), its release ends it', () => {
    const window = fakes.windows[0]!;
    const send = window.webContents.send as ReturnType<typeof vi.fn>;
    send.mockClear();
    const key = { keycode: 57, ctrlKey: true, altKey: true, shiftKey: false, metaKey: false };
    hook.emitter.emit('keydown', key);
    expect(send).toHaveBeenCalledWith(IPC.capture, true);
    hook.emitter.emit('keyup', key);
    expect(send).toHaveBeenCalledWith(IPC.capture, false);
  });

  it('a held key is let go when the machine sleeps', () => {
    const window = fakes.windows[0]!;
    const send = window.webContents.send as ReturnType<typeof vi.fn>;
    const key = { keycode: 57, ctrlKey: true, altKey: true, shiftKey: false, metaKey: false };
    hook.emitter.emit('keydown', key);
    send.mockClear();
    fakes.power.emit('suspend');
    expect(send).toHaveBeenCalledWith(IPC.capture, false);
  });

  it('records a new toggle hotkey: the next chord pressed becomes the accelerator, re-registered', async () => {
    const window = fakes.windows[0]!;
    const record = fakes.handlers.get(IPC.recordHotkey) as (
      e: unknown,
      kind: unknown,
    ) => Promise<unknown>;
    const sender = {
      sender: { id: window.webContents.id },
      senderFrame: { url: 'file:///x/out/renderer/index.html', parent: null },
    };
    const result = record(sender, 'toggle');
    hook.emitter.emit('keydown', {
      keycode: 91,
      ctrlKey: true,
      altKey: false,
      shiftKey: false,
      metaKey: false,
    }); // Ctrl+F13
    expect(await result).toEqual({ ok: true, hotkey: 'Ctrl+F13' });
    expect(fakes.shortcuts.has('Ctrl+F13')).toBe(true);
    expect(fakes.shortcuts.has('CommandOrControl+Alt+Shift+H')).toBe(false);
    expect(await record(sender, 'nonsense')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/hold" or "toggle/),
    });
  });

  it('closing the window hides it to the tray instead of quitting', () => {
    const window = fakes.windows[0]! as unknown as EventEmitter & {
      hide: ReturnType<typeof vi.fn>;
    };
    const event = { preventDefault: vi.fn() };
    window.emit('close', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(window.hide).toHaveBeenCalled();
  });

  it('cleans up on quit', () => {
    fakes.appEvents.emit('before-quit');
    expect(fakes.handlers.size).toBe(0);
    expect(fakes.shortcuts.size).toBe(0); // the re-registered toggle too
    expect(hook.started).toBe(false);
    // …and the window may close for real now.
    const event = { preventDefault: vi.fn() };
    (fakes.windows[0]! as unknown as EventEmitter).emit('close', event);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });
});
