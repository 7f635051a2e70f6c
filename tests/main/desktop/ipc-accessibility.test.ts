import { describe, expect, it, vi } from 'vitest';
import { IPC, type HotkeyStatus } from '../../../src/shared/ipc';
import type { HookHandlers } from '../../../src/main/desktop/hotkeys/hook-supervisor';

vi.mock('electron', () => ({}));
const { registerIpc } = await import('../../../src/main/desktop/ipc');
const { HotkeyService } = await import('../../../src/main/desktop/hotkeys/hotkeys');
const { VoiceController } = await import('../../../src/main/voice/voice-controller');
const { MemorySecretStore, MemorySettingsStore } =
  await import('../../../src/main/settings/settings-model');

// ⚙ → Hotkeys → "Allow hold-to-talk in other apps…": the window asks main, main asks macOS
// (systemPreferences.isTrustedAccessibilityClient(true), faked), only while it is needed.
function setup(platform: NodeJS.Platform, trustedAtFirst = false) {
  let trusted = trustedAtFirst;
  const prompt = vi.fn(() => trusted);
  const hook = {
    handlers: null as HookHandlers | null,
    start(handlers: HookHandlers) {
      this.handlers = handlers;
    },
    stop() {},
  };
  const statuses: HotkeyStatus[] = [];
  const hotkeys = new HotkeyService(
    hook,
    { register: () => true, unregister: () => undefined },
    { talkStart: vi.fn(), talkStop: vi.fn(), talkToggle: vi.fn(), talkLost: vi.fn() },
    {
      platform,
      env: { DISPLAY: ':0' },
      accessibilityTrusted: () => trusted,
      requestAccessibility: prompt,
    },
    'Ctrl+Alt+Space',
    'CommandOrControl+Alt+Shift+H',
    (status) => statuses.push(status),
  );
  const handlers = new Map<string, (event: unknown, payload?: unknown) => Promise<unknown>>();
  const controller = new VoiceController({
    settings: new MemorySettingsStore(),
    secrets: new MemorySecretStore(),
  });
  const window = { webContents: { id: 1, send: () => undefined }, isDestroyed: () => false };
  registerIpc(
    {
      handle: (channel: string, fn: never) => handlers.set(channel, fn),
      removeHandler: () => undefined,
      on: () => undefined,
      removeListener: () => undefined,
    } as never,
    controller,
    () => [window as never],
    (url) => url === 'app://hark/index.html',
    () => undefined,
    hotkeys,
  );
  const ours = { sender: { id: 1 }, senderFrame: { url: 'app://hark/index.html', parent: null } };
  const foreign = {
    sender: { id: 2 },
    senderFrame: { url: 'https://evil.example/', parent: null },
  };
  const request = (event: unknown = ours, payload?: unknown) =>
    handlers.get(IPC.requestAccessibility)!(event, payload);
  const grant = () => (trusted = true);
  return { hotkeys, hook, prompt, request, foreign, statuses, grant, controller };
}

describe('the Accessibility request from the settings view', () => {
  it('macOS without the permission: the status says so, and the call shows the prompt', async () => {
    const { hotkeys, prompt, request, controller } = setup('darwin');
    expect(hotkeys.status).toMatchObject({ needsAccessibility: true, holdActive: false });
    expect(await request()).toEqual({ ok: true, granted: false });
    expect(prompt).toHaveBeenCalledTimes(1);
    expect(hotkeys.status.needsAccessibility).toBe(true);
    await controller.dispose();
  });

  it('granted meanwhile: the hook starts and the status (and so the button) clears', async () => {
    const { hotkeys, hook, request, grant, statuses, controller } = setup('darwin');
    grant();
    expect(await request()).toEqual({ ok: true, granted: true });
    expect(hook.handlers).not.toBeNull();
    hook.handlers!.state({ running: true });
    expect(hotkeys.status).toMatchObject({ needsAccessibility: false, holdActive: true });
    expect(statuses.at(-1)).toMatchObject({ needsAccessibility: false, problem: null });
    await controller.dispose();
  });

  it('re-checks when Hark regains focus (granted in System Settings, no click in Hark)', async () => {
    const { hotkeys, hook, grant, controller } = setup('darwin');
    grant();
    hotkeys.recheckPermissions(); // index.ts calls this on 'browser-window-focus'
    expect(hook.handlers).not.toBeNull();
    expect(hotkeys.status.needsAccessibility).toBe(false);
    await controller.dispose();
  });

  it('refuses where it is not needed (other systems, or already trusted): no prompt', async () => {
    for (const [platform, trusted] of [
      ['linux', false],
      ['win32', false],
      ['darwin', true],
    ] as const) {
      const { prompt, request, hotkeys, controller } = setup(platform, trusted);
      expect(hotkeys.status.needsAccessibility).toBe(false);
      expect(await request()).toEqual({
        ok: false,
        error: 'Hark does not need the Accessibility permission here.',
      });
      expect(prompt).not.toHaveBeenCalled();
      await controller.dispose();
    }
  });

  it('refuses arguments and foreign senders', async () => {
    const { prompt, request, foreign, controller } = setup('darwin');
    expect(await request(undefined, { prompt: true })).toEqual({
      ok: false,
      error: 'this call takes no argument',
    });
    expect(await request(foreign)).toEqual({ ok: false, error: 'untrusted sender' });
    expect(prompt).not.toHaveBeenCalled();
    await controller.dispose();
  });
});
