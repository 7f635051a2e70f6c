import { describe, expect, it, vi } from 'vitest';

const trays: {
  image: string;
  tooltip: string;
  menu: unknown[];
  handlers: Record<string, () => void>;
}[] = [];
vi.mock('electron', () => ({
  nativeImage: { createFromPath: (path: string) => path },
  Menu: { buildFromTemplate: (template: unknown[]) => template },
  Tray: vi.fn(function (this: unknown, image: string) {
    const tray = {
      image,
      tooltip: '',
      menu: [] as unknown[],
      handlers: {} as Record<string, () => void>,
      setImage(i: string) {
        tray.image = i;
      },
      setToolTip(t: string) {
        tray.tooltip = t;
      },
      setContextMenu(m: unknown[]) {
        tray.menu = m;
      },
      on(event: string, cb: () => void) {
        tray.handlers[event] = cb;
      },
      destroy: vi.fn(),
    };
    trays.push(tray);
    return tray;
  }),
}));

const { HarkTray, trayIconFile, trayIconFor, trayMenu } =
  await import('../../../src/main/desktop/tray');
const { DEFAULT_SETTINGS } = await import('../../../src/main/settings/settings-model');

const actions = () => ({
  showWindow: vi.fn(),
  toggleMiniWindow: vi.fn(),
  setMode: vi.fn(),
  setMuted: vi.fn(),
  requestAccessibility: vi.fn(),
  quit: vi.fn(),
});
const view = { ...DEFAULT_SETTINGS, hasKey: false };

describe('tray', () => {
  it('shows the state: idle, listening, responding, needs attention', () => {
    expect(trayIconFor('offline')).toBe('idle');
    expect(trayIconFor('listening')).toBe('listening');
    expect(trayIconFor('responding')).toBe('responding');
    expect(trayIconFor('needs-attention')).toBe('attention');
  });

  it('updates icon, tooltip and a menu for mode, mute, windows and quit', () => {
    const a = actions();
    const tray = new HarkTray('/res', a);
    tray.update({
      state: 'listening',
      label: 'Listening',
      settings: view,
      muted: false,
      miniWindow: false,
    });
    const t = trays.at(-1)!;
    expect(t.image).toBe('/res/tray-listening.png');
    expect(t.tooltip).toBe('Hark — Listening');
    const menu = t.menu as { label?: string; checked?: boolean; click?: () => void }[];
    const item = (label: string) => menu.find((m) => m.label?.startsWith(label))!;
    expect(item('Push to talk').checked).toBe(true);
    item('Hands-free (voice detection)').click!();
    expect(a.setMode).toHaveBeenCalledWith('server_vad');
    item('Mute microphone').click!();
    expect(a.setMuted).toHaveBeenCalledWith(true);
    item('Mini window').click!();
    expect(a.toggleMiniWindow).toHaveBeenCalled();
    item('Show Hark').click!();
    expect(a.showWindow).toHaveBeenCalled();
    t.handlers.click!();
    expect(a.showWindow).toHaveBeenCalledTimes(2);
  });

  it('offers "Show Hark my screen…" where a capture exists', () => {
    const model = {
      state: 'ready' as const,
      label: 'Ready',
      settings: view,
      muted: false,
      miniWindow: false,
    };
    const labels = (a: Parameters<typeof trayMenu>[1]) => trayMenu(model, a).map((m) => m.label);
    expect(labels(actions())).not.toContain('Show Hark my screen…');
    const lookAtScreen = vi.fn();
    const menu = trayMenu(model, { ...actions(), lookAtScreen });
    menu.find((m) => m.label === 'Show Hark my screen…')!.click!(
      ...([] as unknown as Parameters<NonNullable<(typeof menu)[number]['click']>>),
    );
    expect(lookAtScreen).toHaveBeenCalled();
  });

  it('muted shows the idle icon and says so', () => {
    const tray = new HarkTray('/res', actions());
    tray.update({ state: 'ready', label: 'Ready', settings: view, muted: true, miniWindow: false });
    expect(trays.at(-1)!.image).toBe('/res/tray-idle.png');
    expect(trays.at(-1)!.tooltip).toBe('Hark — Muted');
  });

  it('offers the macOS Accessibility prompt only while hold-to-talk waits for it', () => {
    const a = actions();
    const tray = new HarkTray('/res', a);
    const model = {
      state: 'ready' as const,
      label: 'Ready',
      settings: view,
      muted: false,
      miniWindow: false,
    };
    tray.update(model);
    const labels = () => (trays.at(-1)!.menu as { label?: string }[]).map((m) => m.label);
    expect(labels()).not.toContain('Allow hold-to-talk in other apps…');
    tray.update({ ...model, needsAccessibility: true });
    const item = (trays.at(-1)!.menu as { label?: string; click?: () => void }[]).find(
      (m) => m.label === 'Allow hold-to-talk in other apps…',
    )!;
    item.click!();
    expect(a.requestAccessibility).toHaveBeenCalled();
  });
});

describe('tray icon files', () => {
  it('macOS uses template images (tinted by the menu bar), which ship in resources/', async () => {
    const { existsSync } = await import('node:fs');
    const { join, resolve } = await import('node:path');
    const resources = resolve(import.meta.dirname, '../../../resources');
    for (const state of ['idle', 'ready', 'listening', 'responding', 'attention'] as const) {
      expect(trayIconFile(state, 'darwin')).toBe(`tray-${state}Template.png`);
      expect(trayIconFile(state, 'linux')).toBe(`tray-${state}.png`);
      expect(existsSync(join(resources, `tray-${state}Template.png`)), state).toBe(true);
      expect(existsSync(join(resources, `tray-${state}Template@2x.png`)), state).toBe(true);
    }
  });
});
