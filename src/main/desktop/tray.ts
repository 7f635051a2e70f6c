import { join } from 'node:path';
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { HealthState } from '../../shared/health';
import type { SettingsView, TurnDetectionSetting } from '../../shared/ipc';

export type TrayIconName = 'idle' | 'ready' | 'listening' | 'responding' | 'attention';

/** Which icon a health state shows: idle, listening, responding, needs attention. */
export function trayIconFor(state: HealthState): TrayIconName {
  switch (state) {
    case 'listening':
      return 'listening';
    case 'responding':
    case 'speaking':
    case 'thinking':
      return 'responding';
    case 'awaiting-approval':
      return 'attention';
    case 'needs-attention':
      return 'attention';
    case 'ready':
      return 'ready';
    default:
      return 'idle';
  }
}

export interface TrayActions {
  showWindow(): void;
  toggleMiniWindow(): void;
  setMode(mode: TurnDetectionSetting): void;
  setMuted(muted: boolean): void;
  /** macOS: the Accessibility prompt, from a user's click. */
  requestAccessibility(): void;
  /** "Show Hark my screen": capture, then the window asks with the picture. */
  lookAtScreen?(): void;
  quit(): void;
}

export interface TrayModel {
  state: HealthState;
  label: string;
  settings: SettingsView;
  muted: boolean;
  miniWindow: boolean;
  /** Hold-to-talk waits for the macOS Accessibility permission. */
  needsAccessibility?: boolean;
}

/** The tray (menu bar) icon: state at a glance, and a menu for mode, mute, windows, quit. */
export class HarkTray {
  private readonly tray: Tray;
  private icon: TrayIconName | null = null;

  constructor(
    private readonly resources: string,
    private readonly actions: TrayActions,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.tray = new Tray(this.image('idle'));
    this.tray.setToolTip('Hark');
    this.tray.on('click', () => actions.showWindow());
  }

  update(model: TrayModel): void {
    const icon = model.muted ? 'idle' : trayIconFor(model.state);
    if (icon !== this.icon) {
      this.tray.setImage(this.image(icon));
      this.icon = icon;
    }
    this.tray.setToolTip(`Hark — ${model.muted ? 'Muted' : model.label}`);
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenu(model, this.actions)));
  }

  destroy(): void {
    this.tray.destroy();
  }

  private image(name: TrayIconName): Electron.NativeImage {
    return nativeImage.createFromPath(join(this.resources, trayIconFile(name, this.platform)));
  }
}

/** macOS shows template images (tinted for light and dark menu bars); elsewhere the colours. */
export function trayIconFile(name: TrayIconName, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? `tray-${name}Template.png` : `tray-${name}.png`;
}

export function trayMenu(model: TrayModel, actions: TrayActions): MenuItemConstructorOptions[] {
  const mode = model.settings.turnDetection;
  return [
    { label: `Hark — ${model.muted ? 'Muted' : model.label}`, enabled: false },
    { type: 'separator' },
    {
      label: 'Push to talk',
      type: 'radio',
      checked: mode === 'push-to-talk',
      click: () => actions.setMode('push-to-talk'),
    },
    {
      label: 'Hands-free (voice detection)',
      type: 'radio',
      checked: mode === 'server_vad',
      click: () => actions.setMode('server_vad'),
    },
    {
      label: 'Hands-free (semantic)',
      type: 'radio',
      checked: mode === 'semantic_vad',
      click: () => actions.setMode('semantic_vad'),
    },
    { type: 'separator' },
    {
      label: 'Mute microphone',
      type: 'checkbox',
      checked: model.muted,
      click: () => actions.setMuted(!model.muted),
    },
    { label: 'Show Hark', click: () => actions.showWindow() },
    ...(actions.lookAtScreen
      ? [
          {
            label: 'Show Hark my screen…',
            click: () => actions.lookAtScreen?.(),
          },
        ]
      : []),
    {
      label: 'Mini window (always on top)',
      type: 'checkbox',
      checked: model.miniWindow,
      click: () => actions.toggleMiniWindow(),
    },
    ...(model.needsAccessibility
      ? [
          { type: 'separator' as const },
          {
            label: 'Allow hold-to-talk in other apps…',
            click: () => actions.requestAccessibility(),
          },
        ]
      : []),
    { type: 'separator' },
    { label: 'Quit Hark', role: 'quit', click: () => actions.quit() },
  ];
}
