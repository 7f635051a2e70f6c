/** The composition root: the only place that brings Electron and the core together. */
import { join } from 'node:path';
import { app, ipcMain, powerMonitor, safeStorage, session } from 'electron';
import { registerIpc } from './ipc';
import { VoiceController } from './realtime/voice-controller';
import { SafeStorageSecretStore } from './secrets';
import { applySecurityPolicy, isAppUrl } from './security';
import { JsonSettingsStore } from './settings';
import { createMainWindow } from './window';

const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? null;
const rendererOrigin = rendererUrl ? new URL(rendererUrl).origin : null;

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

    const window = createMainWindow({
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      rendererUrl,
      rendererFile: join(import.meta.dirname, '../renderer/index.html'),
    });
    const unregister = registerIpc(
      ipcMain,
      controller,
      window,
      (url) => isAppUrl(url, rendererOrigin),
      (m) => log('warn', m),
    );
    window.webContents.once('did-finish-load', () => {
      if (settings.problem)
        controller.emit('notice', {
          level: 'warning',
          title: 'Settings reset',
          text: settings.problem,
        });
      if (!secrets.persistent) {
        controller.emit('notice', {
          level: 'info',
          title: 'Key kept for this session only',
          text: 'This system offers no secure storage, so an API key you enter is not saved to disk.',
        });
      }
    });
    // Coming back from sleep: do not wait out a backoff.
    powerMonitor.on('resume', () => void controller.retryNow());
    // A key held when the machine sleeps or locks will never come up.
    powerMonitor.on('suspend', () => controller.talkLost());
    powerMonitor.on('lock-screen', () => controller.talkLost());
    app.on('second-instance', () => {
      if (window.isMinimized()) window.restore();
      window.focus();
    });
    app.on('before-quit', () => {
      unregister();
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
