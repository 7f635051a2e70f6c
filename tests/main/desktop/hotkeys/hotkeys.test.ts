import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));
// uiohook-napi is replaced by a fake hook: tests drive its key events.
vi.mock('uiohook-napi', () => ({ uIOhook: new EventEmitter() }));

const { HotkeyService } = await import('../../../../src/main/desktop/hotkeys/hotkeys');

class FakeHook extends EventEmitter {
  started = false;
  start(): void {
    this.started = true;
  }
  stop(): void {
    this.started = false;
  }
}

const key = (keycode: number, ctrl = true, alt = true) => ({
  keycode,
  ctrlKey: ctrl,
  altKey: alt,
  shiftKey: false,
  metaKey: false,
});
const SPACE = 57;

function setup(
  options: {
    env?: NodeJS.ProcessEnv;
    platform?: NodeJS.Platform;
    trusted?: boolean;
    hookFails?: boolean;
    toggleTaken?: boolean;
  } = {},
) {
  const hook = new FakeHook();
  const shortcuts = new Map<string, () => void>();
  const register = vi.fn((accelerator: string, cb: () => void) => {
    if (options.toggleTaken) return false;
    shortcuts.set(accelerator, cb);
    return true;
  });
  const unregister = vi.fn((accelerator: string) => void shortcuts.delete(accelerator));
  const target = { talkStart: vi.fn(), talkStop: vi.fn(), talkToggle: vi.fn(), talkLost: vi.fn() };
  const service = new HotkeyService(
    () => {
      if (options.hookFails) throw new Error("Couldn't find per display information");
      return hook;
    },
    { register, unregister },
    target,
    {
      platform: options.platform ?? 'linux',
      env: options.env ?? { DISPLAY: ':0' },
      accessibilityTrusted: () => options.trusted ?? true,
    },
    'Ctrl+Alt+Space',
    'CommandOrControl+Alt+Shift+H',
  );
  return { hook, service, target, shortcuts, register, unregister };
}

describe('HotkeyService', () => {
  it('holds to talk from anywhere: one start, auto-repeat ignored, one stop', () => {
    const { hook, service, target } = setup();
    expect(hook.started).toBe(true);
    expect(service.status).toMatchObject({
      hold: 'Ctrl+Alt+Space',
      holdActive: true,
      toggleActive: true,
      problem: null,
    });
    hook.emit('keydown', key(SPACE));
    hook.emit('keydown', key(SPACE));
    hook.emit('keydown', key(SPACE));
    hook.emit('keyup', key(SPACE));
    expect(target.talkStart).toHaveBeenCalledTimes(1);
    expect(target.talkStart).toHaveBeenCalledWith('hotkey');
    expect(target.talkStop).toHaveBeenCalledTimes(1);
  });

  it('the toggle hotkey goes through globalShortcut', () => {
    const { shortcuts, target } = setup();
    shortcuts.get('CommandOrControl+Alt+Shift+H')!();
    expect(target.talkToggle).toHaveBeenCalled();
  });

  it('falls back to the toggle on Wayland and says why', () => {
    const { hook, service } = setup({
      env: { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0' },
    });
    expect(hook.started).toBe(false);
    expect(service.status.holdActive).toBe(false);
    expect(service.status.toggleActive).toBe(true);
    expect(service.status.problem).toMatch(/Wayland/);
  });

  it('on macOS without Accessibility permission, says what to grant', () => {
    const { service } = setup({ platform: 'darwin', trusted: false });
    expect(service.status.holdActive).toBe(false);
    expect(service.status.problem).toMatch(/Privacy & Security → Accessibility/);
  });

  it('a hook that cannot start is explained, not fatal', () => {
    const { service } = setup({ hookFails: true });
    expect(service.status.holdActive).toBe(false);
    expect(service.status.problem).toMatch(/could not start.*per display information/);
  });

  it('a toggle accelerator taken by another app is explained', () => {
    const { service } = setup({ toggleTaken: true });
    expect(service.status.toggleActive).toBe(false);
    expect(service.status.problem).toMatch(/taken by another application/);
  });

  it('records the next chord pressed and applies a new one', async () => {
    const { hook, service, target } = setup();
    const recorded = service.record(1000);
    hook.emit('keydown', key(29)); // Ctrl alone: not a chord yet
    hook.emit('keydown', key(91, false, false)); // F13
    expect(await recorded).toBe('F13');
    expect(target.talkStart).not.toHaveBeenCalled();
    service.setHoldChord('F13');
    hook.emit('keydown', key(91, false, false));
    expect(target.talkStart).toHaveBeenCalledTimes(1);
  });

  it('a lost key-up (sleep) releases the hold; dispose cleans up', () => {
    const { hook, service, target, unregister } = setup();
    hook.emit('keydown', key(SPACE));
    service.releaseHeld();
    expect(target.talkStop).toHaveBeenCalledTimes(1);
    service.dispose();
    expect(unregister).toHaveBeenCalledWith('CommandOrControl+Alt+Shift+H');
    expect(hook.started).toBe(false);
    expect(hook.listenerCount('keydown')).toBe(0);
  });
});
