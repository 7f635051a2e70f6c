import { describe, expect, it, vi } from 'vitest';
import type { KeyEventLike } from '../../../../src/shared/chord';
import type { HotkeyStatus } from '../../../../src/shared/ipc';
import type {
  HookHandlers,
  HookSource,
} from '../../../../src/main/desktop/hotkeys/hook-supervisor';

vi.mock('electron', () => ({}));

const { HotkeyService } = await import('../../../../src/main/desktop/hotkeys/hotkeys');

/** A hook source that tests press keys on and report states through. */
class FakeHook implements HookSource {
  handlers: HookHandlers | null = null;
  stopped = false;
  taps: string[] = [];
  tapResult: Promise<void> = Promise.resolve();
  keyTap(chord: 'paste'): Promise<void> {
    this.taps.push(chord);
    return this.tapResult;
  }
  start(handlers: HookHandlers): void {
    this.handlers = handlers;
  }
  stop(): void {
    this.stopped = true;
    this.handlers = null;
  }
  run(): void {
    this.handlers!.state({ running: true });
  }
  down(event: KeyEventLike): void {
    this.handlers!.keydown(event);
  }
  up(event: KeyEventLike): void {
    this.handlers!.keyup(event);
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
    trusted?: () => boolean;
    request?: () => boolean;
    toggleTaken?: boolean;
    running?: boolean;
  } = {},
) {
  const hook = new FakeHook();
  const shortcuts = new Map<string, () => void>();
  const taken = { value: options.toggleTaken ?? false };
  const register = vi.fn((accelerator: string, cb: () => void) => {
    if (taken.value) return false;
    shortcuts.set(accelerator, cb);
    return true;
  });
  const unregister = vi.fn((accelerator: string) => void shortcuts.delete(accelerator));
  const target = { talkStart: vi.fn(), talkStop: vi.fn(), talkToggle: vi.fn(), talkLost: vi.fn() };
  const changes: HotkeyStatus[] = [];
  const service = new HotkeyService(
    hook,
    { register, unregister },
    target,
    {
      platform: options.platform ?? 'linux',
      env: options.env ?? { DISPLAY: ':0' },
      accessibilityTrusted: options.trusted ?? (() => true),
      ...(options.request ? { requestAccessibility: options.request } : {}),
    },
    'Ctrl+Alt+Space',
    'CommandOrControl+Alt+Shift+H',
    (status) => changes.push(status),
  );
  if (options.running !== false && hook.handlers) hook.run();
  return { hook, service, target, shortcuts, register, unregister, changes, taken };
}

describe('HotkeyService', () => {
  it('holds to talk from anywhere: one start, auto-repeat ignored, one stop', () => {
    const { hook, service, target } = setup();
    expect(service.status).toMatchObject({
      hold: 'Ctrl+Alt+Space',
      holdActive: true,
      toggleActive: true,
      problem: null,
    });
    hook.down(key(SPACE));
    hook.down(key(SPACE));
    hook.down(key(SPACE));
    hook.up(key(SPACE));
    expect(target.talkStart).toHaveBeenCalledTimes(1);
    expect(target.talkStart).toHaveBeenCalledWith('hotkey');
    expect(target.talkStop).toHaveBeenCalledTimes(1);
  });

  it('is not active until the hook process says it started', () => {
    const { hook, service } = setup({ running: false });
    expect(hook.handlers).not.toBeNull();
    expect(service.status.holdActive).toBe(false);
    hook.run();
    expect(service.status.holdActive).toBe(true);
  });

  it("keys in Hark's own window feed the same hold (and a key seen twice counts once)", () => {
    const { hook, service, target } = setup();
    service.windowKey('keydown', key(SPACE));
    hook.down(key(SPACE));
    service.windowKey('keyup', key(SPACE));
    hook.up(key(SPACE));
    expect(target.talkStart).toHaveBeenCalledTimes(1);
    expect(target.talkStop).toHaveBeenCalledTimes(1);
  });

  it('the toggle hotkey goes through globalShortcut', () => {
    const { shortcuts, target } = setup();
    shortcuts.get('CommandOrControl+Alt+Shift+H')!();
    expect(target.talkToggle).toHaveBeenCalled();
  });

  it('falls back to the toggle on Wayland and says why, without promising it works everywhere', () => {
    const { hook, service } = setup({
      env: { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0' },
    });
    expect(hook.handlers).toBeNull();
    expect(service.status.holdActive).toBe(false);
    expect(service.status.toggleActive).toBe(true);
    expect(service.status.problem).toMatch(/Wayland/);
    expect(service.status.problem).not.toMatch(/everywhere/);
  });

  it('a toggle refused on Wayland names the missing portal', () => {
    const { service } = setup({
      env: { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0' },
      toggleTaken: true,
    });
    expect(service.status.problem).toMatch(/GlobalShortcuts portal/);
  });

  it('on macOS without Accessibility: says what to do, prompts from a user action, re-checks on focus', () => {
    let trusted = false;
    const request = vi.fn(() => false);
    const { hook, service } = setup({ platform: 'darwin', trusted: () => trusted, request });
    expect(hook.handlers).toBeNull();
    expect(service.needsAccessibility).toBe(true);
    expect(service.status.holdActive).toBe(false);
    expect(service.status.problem).toMatch(/Privacy & Security → Accessibility/);
    expect(service.requestAccessibility()).toBe(false);
    expect(request).toHaveBeenCalledTimes(1);
    expect(hook.handlers).toBeNull();
    // The user turns Hark on in System Settings and comes back.
    trusted = true;
    service.recheckPermissions();
    expect(service.needsAccessibility).toBe(false);
    expect(hook.handlers).not.toBeNull();
    hook.run();
    expect(service.status).toMatchObject({ holdActive: true, problem: null });
  });

  it('a hook that fails is explained, releases a hold in progress, and recovers', () => {
    const { hook, service, target, changes } = setup();
    hook.down(key(SPACE));
    hook.handlers!.state({ running: false, final: false, problem: 'the keyboard hook stopped' });
    expect(target.talkStop).toHaveBeenCalledTimes(1);
    expect(service.status).toMatchObject({
      holdActive: false,
      problem: 'the keyboard hook stopped',
    });
    expect(changes.at(-1)!.problem).toBe('the keyboard hook stopped');
    hook.run();
    expect(service.status).toMatchObject({ holdActive: true, problem: null });
  });

  it('a taken toggle is explained, and the text goes once another accelerator works', () => {
    const { service, taken } = setup({ toggleTaken: true });
    expect(service.status.toggleActive).toBe(false);
    expect(service.status.problem).toMatch(/taken by another application/);
    taken.value = false;
    expect(service.setToggle('CommandOrControl+Alt+Shift+J')).toBe(true);
    expect(service.status.problem).toBeNull();
  });

  it('records the next chord pressed and applies a new one', async () => {
    const { hook, service, target } = setup();
    const recorded = service.record(1000);
    hook.down(key(29)); // Ctrl alone: not a chord yet
    hook.down(key(91, false, false)); // F13
    expect(await recorded).toBe('F13');
    expect(target.talkStart).not.toHaveBeenCalled();
    service.setHoldChord('F13');
    hook.down(key(91, false, false));
    expect(target.talkStart).toHaveBeenCalledTimes(1);
  });

  it('does not record while the hook is down', async () => {
    const { service } = setup({ running: false });
    expect(await service.record(1000)).toBeNull();
  });

  it('a lost key-up (sleep) releases the hold; dispose stops the hook and the shortcut', () => {
    const { hook, service, target, unregister } = setup();
    hook.down(key(SPACE));
    service.releaseHeld();
    expect(target.talkStop).toHaveBeenCalledTimes(1);
    service.dispose();
    expect(unregister).toHaveBeenCalledWith('CommandOrControl+Alt+Shift+H');
    expect(hook.stopped).toBe(true);
  });

  it('presses paste through the hook, and says plainly why it cannot', async () => {
    const { hook, service } = setup();
    await service.pressPaste();
    expect(hook.taps).toEqual(['paste']);
    hook.tapResult = Promise.reject(new Error('No keys could be pressed: refused'));
    await expect(service.pressPaste()).rejects.toThrow('No keys could be pressed: refused');

    const wayland = setup({ env: { XDG_SESSION_TYPE: 'wayland' } });
    await expect(wayland.service.pressPaste()).rejects.toThrow(/Wayland does not let/);
    expect(wayland.hook.taps).toEqual([]);

    let trusted = false;
    const mac = setup({ platform: 'darwin', trusted: () => trusted });
    await expect(mac.service.pressPaste()).rejects.toThrow(/Privacy & Security → Accessibility/);
    expect(mac.hook.taps).toEqual([]);
    trusted = true;
    mac.service.recheckPermissions();
    mac.hook.run();
    await mac.service.pressPaste();
    expect(mac.hook.taps).toEqual(['paste']);
  });

  it('without a hook that can press keys, typing is refused', async () => {
    const service = new HotkeyService(
      null,
      { register: () => true, unregister: () => undefined },
      { talkStart: vi.fn(), talkStop: vi.fn(), talkToggle: vi.fn(), talkLost: vi.fn() },
      { platform: 'win32', env: {} },
      'Ctrl+Alt+Space',
      'CommandOrControl+Alt+Shift+H',
    );
    await expect(service.pressPaste()).rejects.toThrow(/needs the keyboard hook/);
  });
});
