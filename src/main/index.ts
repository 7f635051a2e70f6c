/** The composition root: the only place that brings Electron and the core together. */
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import {
  app,
  globalShortcut,
  ipcMain,
  powerMonitor,
  safeStorage,
  session,
  systemPreferences,
} from 'electron';
import { HEALTH_LABELS } from '../shared/health';
import { IPC } from '../shared/ipc';
import { HotkeyService } from './desktop/hotkeys/hotkeys';
import { loadKeyboardHook } from './desktop/hotkeys/load-hook';
import { registerIpc } from './desktop/ipc';
import { VoiceController } from './realtime/voice-controller';
import { SafeStorageSecretStore } from './desktop/secrets';
import { applySecurityPolicy, isAppUrl } from './desktop/security';
import { JsonSettingsStore } from './desktop/settings';
import { HarkTray } from './desktop/tray';
import { createMainWindow, createMiniWindow } from './desktop/window';

const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? null;
const rendererOrigin = rendererUrl ? new URL(rendererUrl).origin : null;
const resources = app.isPackaged
  ? process.resourcesPath
  : join(import.meta.dirname, '../../resources');

if (!app.requestSingleInstanceLock()) app.quit();
// Replies must play even when they arrive before the user has clicked anything.
app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');

app
  .whenReady()
  .then(() => {
    applySecurityPolicy(app, session.defaultSession, rendererOrigin);
    const userData = app.getPath('userData');
    const settings = new JsonSettingsStore(join(userData, 'settings.json'));
    const secrets = new SafeStorageSecretStore(join(userData, 'api-key.bin'), safeStorage);
    const log = (level: string, message: string): void => console.log(`[hark:${level}] ${message}`);
    const controller = new VoiceController({ settings, secrets, log });
    const target = {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      rendererUrl,
      rendererFile: join(import.meta.dirname, '../renderer/index.html'),
    };
    const window = createMainWindow(target);
    let mini: BrowserWindow | null = null;
    const windows = (): BrowserWindow[] => [window, ...(mini ? [mini] : [])];

    const initial = controller.settingsView();
    const hotkeys = new HotkeyService(
      loadKeyboardHook,
      globalShortcut,
      controller,
      {
        platform: process.platform,
        env: process.env,
        accessibilityTrusted: () => systemPreferences.isTrustedAccessibilityClient(false),
      },
      initial.holdHotkey,
      initial.toggleHotkey,
    );
    const broadcast = (channel: string, payload: unknown): void => {
      for (const w of windows()) if (!w.isDestroyed()) w.webContents.send(channel, payload);
    };

    const unregister = registerIpc(
      ipcMain,
      controller,
      windows,
      (url) => isAppUrl(url, rendererOrigin),
      (m) => log('warn', m),
      hotkeys,
    );

    const showWindow = (): void => {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    };
    const tray = new HarkTray(resources, {
      showWindow,
      toggleMiniWindow: () => {
        if (mini && !mini.isDestroyed()) {
          mini.close();
          return;
        }
        mini = createMiniWindow(target);
        mini.on('closed', () => {
          mini = null;
          refreshTray();
        });
        refreshTray();
      },
      setMode: (mode) => void controller.saveSettings({ turnDetection: mode }),
      setMuted: (muted) => controller.setMuted(muted),
      quit: () => app.quit(),
    });
    const refreshTray = (): void => {
      const { health, settings: view } = controller.snapshot();
      tray.update({
        state: health.state,
        label:
          health.state === 'needs-attention' && health.title
            ? health.title
            : HEALTH_LABELS[health.state],
        settings: view,
        muted: health.muted,
        miniWindow: mini !== null,
      });
    };
    controller.on('health', refreshTray);
    controller.on('settings', (view) => {
      // Hotkey changes saved from the window take effect at once.
      if (view.holdHotkey !== hotkeys.status.hold) hotkeys.setHoldChord(view.holdHotkey);
      if (view.toggleHotkey !== hotkeys.status.toggle) hotkeys.setToggle(view.toggleHotkey);
      broadcast(IPC.hotkeys, hotkeys.status);
      refreshTray();
    });
    refreshTray();

    window.webContents.once('did-finish-load', () => {
      if (settings.problem) {
        controller.emit('notice', {
          level: 'warning',
          title: 'Settings reset',
          text: settings.problem,
        });
      }
      if (!secrets.persistent) {
        controller.emit('notice', {
          level: 'info',
          title: 'Key kept for this session only',
          text: 'This system offers no secure storage, so an API key you enter is not saved to disk.',
        });
      }
      if (hotkeys.status.problem) {
        controller.emit('notice', {
          level: 'warning',
          title: 'Hold-to-talk hotkey',
          text: hotkeys.status.problem,
        });
      }
    });
    // Coming back from sleep: do not wait out a backoff.
    powerMonitor.on('resume', () => void controller.retryNow());
    // A key held when the machine sleeps or locks will never come up.
    const lost = (): void => {
      hotkeys.releaseHeld();
      controller.talkLost();
    };
    powerMonitor.on('suspend', lost);
    powerMonitor.on('lock-screen', lost);
    app.on('second-instance', showWindow);
    app.on('activate', showWindow);
    // Closing the window hides it: Hark keeps listening for its hotkeys from the tray, whose
    // menu (or the app menu) quits.
    let quitting = false;
    window.on('close', (event) => {
      if (quitting) return;
      event.preventDefault();
      window.hide();
    });
    app.on('before-quit', () => {
      quitting = true;
      unregister();
      hotkeys.dispose();
      tray.destroy();
      void controller.dispose();
    });
  })
  .catch((error: unknown) => {
    console.error('Hark failed to start:', error);
    app.exit(1);
  });

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
