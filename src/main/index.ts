/** The composition root: the only place that brings Electron and the core together. */
import { dirname, join } from 'node:path';
import type { BrowserWindow } from 'electron';
import {
  app,
  crashReporter,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  systemPreferences,
} from 'electron';
import electronUpdater from 'electron-updater';
import { HEALTH_LABELS } from '../shared/health';
import { IPC, type AppInfo, type HotkeyStatus } from '../shared/ipc';
import { registerAppIpc } from './desktop/app-ipc';
import { AppPreferencesFile } from './desktop/app-preferences';
import { AttentionNotifier } from './desktop/attention';
import { RendererRecovery } from './desktop/crash-recovery';
import { loginItem } from './desktop/login-item';
import { UpdateService, updateMode } from './desktop/updates';
import {
  APP_ENTRY,
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  serveAppRequest,
} from './desktop/app-protocol';
import { HookSupervisor } from './desktop/hotkeys/hook-supervisor';
import { HotkeyService, isWayland } from './desktop/hotkeys/hotkeys';
import { utilityHookChild } from './desktop/hotkeys/utility-hook-child';
import { keyEventFromInput } from './desktop/hotkeys/window-keys';
import { registerIpc } from './desktop/ipc';
import { registerAssistantIpc } from './desktop/assistant-ipc';
import { desktopAssistantOptions } from './desktop/assistant-stores';
import { electronDesktopActions } from './desktop/desktop-actions';
import { electronScreenCapture } from './desktop/screen-capture';
import { focusHandoff } from './desktop/focus-handoff';
import { applicationMenu } from './desktop/menu';
import { systemProxyAgent } from './desktop/proxy';
import { SafeStorageSecretStore } from './desktop/secrets';
import {
  applySecurityPolicy,
  isAppUrl,
  MAC_MICROPHONE_DENIED,
  macMicrophoneAccess,
  originOf,
} from './desktop/security';
import { createLogger, installProcessHandlers, logControllerEvents } from './desktop/log';
import { JsonSettingsStore } from './desktop/settings';
import { HarkTray } from './desktop/tray';
import { SingleWindow } from './desktop/single-window';
import {
  closeAction,
  createInspectorWindow,
  createMainWindow,
  createMiniWindow,
} from './desktop/window';
import type { AssistantHost } from './assistant/assistant-handlers';
import { setDefaultConnectionAgent } from './engine/connection';
import { VoiceController } from './voice/voice-controller';

const packaged = app.isPackaged;
// The dev server, in development only: a packaged build never loads pages from elsewhere.
const devServer = packaged ? null : process.env.ELECTRON_RENDERER_URL || null;
const pageOrigin = (devServer && originOf(devServer)) || APP_ORIGIN;
const pageUrl = devServer ?? APP_ENTRY;
const resources = packaged ? process.resourcesPath : join(import.meta.dirname, '../../resources');
const isMac = process.platform === 'darwin';
/** electron-builder's appId: Windows groups the window with its pinned shortcut by it. */
const APP_ID = 'app.hark.desktop';

if (!app.requestSingleInstanceLock()) {
  // Another Hark is running and shows its window (second-instance): start nothing here.
  app.exit(0);
} else {
  // Crash dumps stay on this machine (app.getPath('crashDumps'), see docs/installing.md).
  crashReporter.start({ uploadToServer: false });
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  // Replies must play even when they arrive before the user has clicked anything.
  app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
  // Wayland: global shortcuts go through the desktop's GlobalShortcuts portal.
  if (process.platform === 'linux' && isWayland(process.env))
    app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('Hark failed to start:', error);
      app.exit(1);
    });
  app.on('window-all-closed', () => {
    if (!isMac) app.quit();
  });
}

function start(): void {
  // The log file (redacted, rotating) and the process-level handlers: nothing fails silently.
  const { log, path: logPath } = createLogger(
    app.getPath('userData'),
    () => [secrets.read()?.key],
    { echo: !packaged },
  );
  // Until the window and the controller exist, a failure is only logged (and start() fails).
  let unexpectedError = (_kind: 'exception' | 'rejection', _error: unknown): void => undefined;
  installProcessHandlers(log, (kind, error) => unexpectedError(kind, error));
  const rendererRoot = join(import.meta.dirname, '../renderer');
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererRoot, request.url));

  const userData = app.getPath('userData');
  const settings = new JsonSettingsStore(join(userData, 'settings.json'));
  const secrets = new SafeStorageSecretStore(join(userData, 'api-key.bin'), safeStorage);
  // Users behind a corporate proxy: the socket follows the system's proxy settings and PAC.
  const proxyAgent = systemProxyAgent(
    (url) => session.defaultSession.resolveProxy(url),
    (m) => log('warn', m),
  );
  setDefaultConnectionAgent(proxyAgent);
  // "Type this" presses the paste chord through the keyboard hook's process (`hotkeys`,
  // below; tools run only after start() returns). Wayland lets no app press keys elsewhere.
  const canType = !(process.platform === 'linux' && isWayland(process.env));
  const desktop = electronDesktopActions(
    canType ? () => hotkeys.pressPaste() : null,
    focusHandoff({
      platform: process.platform,
      windows: () => windows(),
      hideApp: () => app.hide(),
    }),
    electronScreenCapture(),
  );
  const assistantStores = desktopAssistantOptions(userData, safeStorage);
  const controller = new VoiceController({
    settings,
    secrets,
    log,
    assistant: { ...assistantStores, desktop },
  });
  logControllerEvents(controller, log);
  const notice = (title: string, text: string): void =>
    controller.emit('notice', { level: 'warning', title, text });
  // With the window hidden (in the tray, minimized), what needs the user reaches them through
  // the system's notifications (the OS asks for, or lets users withdraw, the permission).
  const attention = new AttentionNotifier({
    supported: () => Notification.isSupported(),
    create: (options) => new Notification(options),
    windowInView: () => !window.isDestroyed() && window.isVisible() && !window.isMinimized(),
    showWindow: () => showWindow(),
  });

  applySecurityPolicy(app, session.defaultSession, {
    origin: pageOrigin,
    packaged,
    ...(isMac
      ? {
          microphoneAccess: macMicrophoneAccess(systemPreferences),
          onMicrophoneDenied: () => notice('Microphone blocked', MAC_MICROPHONE_DENIED),
        }
      : {}),
  });

  const target = {
    preload: join(import.meta.dirname, '../preload/index.cjs'),
    url: pageUrl,
    devTools: !packaged,
  };
  // `let`: a window whose renderer died is replaced (crash recovery, below).
  let window = createMainWindow(target);
  let mini: BrowserWindow | null = null;
  // The event inspector's own window (at most one; opened from the inspector panel).
  const inspectorWindow = new SingleWindow(() => {
    const created = createInspectorWindow(target);
    feedWindowKeys(created);
    return created;
  });
  const windows = (): BrowserWindow[] => [
    window,
    ...(mini ? [mini] : []),
    ...(inspectorWindow.window ? [inspectorWindow.window] : []),
  ];
  const broadcast = (channel: string, payload: unknown): void => {
    for (const w of windows()) if (!w.isDestroyed()) w.webContents.send(channel, payload);
  };

  // The keyboard hook runs in a utility process: its native code may abort or hang.
  const hookSupervisor = new HookSupervisor(
    () => utilityHookChild(join(import.meta.dirname, 'hook-process.js')),
    { log: (m) => log('warn', m) },
  );
  // One notice per distinct problem: a hook failing the same way again while being
  // restarted updates the status in ⚙, not another banner.
  const problemKey = (problem: string | null): string | null =>
    problem?.replace(/ Retrying in [^(]+\(at [^)]+\)\./, '') ?? null;
  let shownProblem: string | null = null;
  const hotkeysChanged = (status: HotkeyStatus): void => {
    broadcast(IPC.hotkeys, status);
    const key = problemKey(status.problem);
    if (status.problem && key !== shownProblem) notice('Hotkeys', status.problem);
    shownProblem = key;
    refreshTray();
  };
  const initial = controller.settingsView();
  const hotkeys = new HotkeyService(
    hookSupervisor,
    globalShortcut,
    controller,
    {
      platform: process.platform,
      env: process.env,
      accessibilityTrusted: () => systemPreferences.isTrustedAccessibilityClient(false),
      requestAccessibility: () => systemPreferences.isTrustedAccessibilityClient(true),
    },
    initial.holdHotkey,
    initial.toggleHotkey,
    (status) => hotkeysChanged(status),
  );
  shownProblem = problemKey(hotkeys.status.problem);
  // The hook cannot see keys while Hark's own windows have focus on some systems.
  const feedWindowKeys = (w: BrowserWindow): void =>
    void w.webContents.on('before-input-event', (_event, input) => {
      const key = keyEventFromInput(input);
      if (key) hotkeys.windowKey(key.kind, key.event);
    });
  // A permission granted in System Settings takes effect when Hark is back in front.
  app.on('browser-window-focus', () => hotkeys.recheckPermissions());

  const unregister = registerIpc(
    ipcMain,
    controller,
    windows,
    (url) => isAppUrl(url, pageOrigin),
    (m) => log('warn', m),
    hotkeys,
  );
  const assistantHost: AssistantHost = {
    assistant: controller.assistant,
    reopenConversation: (id) => controller.reopenConversation(id),
    newConversation: () => controller.newConversation(),
    assistantSettingsChanged: (needsNew) => controller.assistantSettingsChanged(needsNew),
    openInspectorWindow: () => inspectorWindow.open(),
    previewVoice: (voice) => controller.previewVoice(voice),
  };
  const unregisterAssistant = registerAssistantIpc(
    ipcMain,
    assistantHost,
    windows,
    (url) => isAppUrl(url, pageOrigin),
    (m) => log('warn', m),
    { app: 'Hark' },
  );

  const showWindow = (): void => {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const requestAccessibility = (): void => void hotkeys.requestAccessibility();
  const openLogsFolder = async (): Promise<{ ok: boolean; error?: string }> => {
    const failure = await shell.openPath(dirname(logPath));
    return failure ? { ok: false, error: failure } : { ok: true };
  };
  // About on every system: version, Electron and Chromium, licence.
  app.setAboutPanelOptions({
    applicationName: 'Hark',
    applicationVersion: app.getVersion(),
    version: `Electron ${process.versions.electron} · Chromium ${process.versions.chrome}`,
    copyright: 'MIT licence · Hark maintainers',
    website: 'https://github.com/hark-voice/hark',
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      applicationMenu({
        platform: process.platform,
        packaged,
        showWindow,
        requestAccessibility,
        showAbout: () => app.showAboutPanel(),
        openLogsFolder: () => void openLogsFolder(),
      }),
    ),
  );
  const tray = new HarkTray(resources, {
    showWindow,
    toggleMiniWindow: () => {
      if (mini && !mini.isDestroyed()) {
        mini.close();
        return;
      }
      mini = createMiniWindow(target);
      feedWindowKeys(mini);
      mini.on('closed', () => {
        mini = null;
        refreshTray();
      });
      refreshTray();
    },
    setMode: (mode) => void controller.saveSettings({ turnDetection: mode }),
    setMuted: (muted) => controller.setMuted(muted),
    requestAccessibility,
    // The picture is shown for approval in the window: bring it forward first.
    lookAtScreen: () => {
      showWindow();
      void controller.assistant.lookAtScreen().then((result) => {
        if (!result.ok && !result.declined) notice('Show Hark my screen', result.error);
      });
    },
    quit: () => app.quit(),
  });
  function refreshTray(): void {
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
      needsAccessibility: hotkeys.needsAccessibility,
    });
  }
  controller.on('health', refreshTray);
  controller.on('settings', (view) => {
    // Hotkey changes saved from the window take effect at once.
    if (view.holdHotkey !== hotkeys.status.hold) hotkeys.setHoldChord(view.holdHotkey);
    if (view.toggleHotkey !== hotkeys.status.toggle) hotkeys.setToggle(view.toggleHotkey);
    broadcast(IPC.hotkeys, hotkeys.status);
    refreshTray();
  });
  refreshTray();

  // The app's own preferences, start at login, and updates (window.harkApp).
  const preferences = new AppPreferencesFile(join(userData, 'app.json'));
  const login = loginItem({
    platform: process.platform,
    app,
    env: process.env,
    executable: process.execPath,
    packaged,
  });
  const conversationActive = (): boolean =>
    ['listening', 'responding'].includes(controller.snapshot().health.state);
  const mode = updateMode({ platform: process.platform, packaged, env: process.env });
  const updates =
    mode.mode === 'off'
      ? null
      : new UpdateService(electronUpdater.autoUpdater, {
          currentVersion: app.getVersion(),
          mode,
          enabled: preferences.get().checkForUpdates,
          busy: conversationActive,
          notice: (message) => {
            controller.emit('notice', message);
            if (/ready|available|refused/i.test(message.title))
              attention.notify(message.title, message.text);
          },
          log,
          status: () => appIpc.broadcast(),
        });
  const appInfo = (): AppInfo => ({
    name: 'Hark',
    version: app.getVersion(),
    electron: process.versions.electron ?? '',
    chrome: process.versions.chrome ?? '',
    node: process.versions.node,
    licence: 'MIT',
    logsFolder: dirname(logPath),
    crashDumps: app.getPath('crashDumps'),
    preferences: {
      openAtLogin: login.supported && login.get(),
      checkForUpdates: preferences.get().checkForUpdates,
    },
    loginItemSupported: login.supported,
    update: updates?.status ?? { state: 'off', why: mode.mode === 'off' ? mode.why : '' },
  });
  const appIpc = registerAppIpc(
    ipcMain,
    {
      info: appInfo,
      setPreferences: (update) => {
        try {
          if (update.openAtLogin !== undefined) {
            if (!login.supported && update.openAtLogin)
              return {
                ok: false,
                error: 'Starting at login is not available in this copy of Hark.',
              };
            login.set(update.openAtLogin);
            log('info', `start at login: ${update.openAtLogin ? 'on' : 'off'}`);
          }
          if (update.checkForUpdates !== undefined) {
            preferences.save({ checkForUpdates: update.checkForUpdates });
            updates?.setEnabled(update.checkForUpdates);
          }
        } catch (error) {
          return { ok: false, error: error instanceof Error ? error.message : String(error) };
        } finally {
          appIpc.broadcast();
        }
        return { ok: true };
      },
      checkForUpdates: async () => {
        if (!updates)
          return { ok: false, error: mode.mode === 'off' ? mode.why : 'Updates are off.' };
        await updates.check();
        return { ok: true };
      },
      restartToUpdate: () =>
        updates?.restartToUpdate() ?? { ok: false, error: 'No update is ready yet.' },
      openLogsFolder,
    },
    windows,
    (url) => isAppUrl(url, pageOrigin),
    (m) => log('warn', m),
  );
  const unregisterApp = appIpc.unregister;
  controller.on('health', (health) => {
    if (!conversationActive()) updates?.conversationEnded();
    if (health.state === 'needs-attention' && health.title)
      attention.notify(`Hark: ${health.title}`, health.diagnosis ?? 'Open Hark to see what to do.');
  });
  controller.assistant.on('approval-request', (request) =>
    attention.notify('Hark asks for your approval', request.summary),
  );
  updates?.start();

  window.webContents.once('did-finish-load', () => {
    if (settings.problem) notice('Settings reset', settings.problem);
    if (secrets.problem) notice('Enter your key again', secrets.problem);
    if (assistantStores.settings.problem)
      notice('Assistant settings reset', assistantStores.settings.problem);
    if (!secrets.persistent) {
      controller.emit('notice', {
        level: 'info',
        title: 'Key kept for this session only',
        text: 'This system offers no secure storage, so an API key you enter is not saved to disk.',
      });
    }
    if (hotkeys.status.problem) notice('Hotkeys', hotkeys.status.problem);
    if (preferences.problem) notice('App preferences reset', preferences.problem);
  });
  // Coming back from sleep: do not wait out a backoff (the connection's, the hook's).
  powerMonitor.on('resume', () => {
    void controller.retryNow();
    hotkeys.retryHook();
  });
  // An unlocked session or a display that came or went may be what the hook was missing.
  powerMonitor.on('unlock-screen', () => hotkeys.retryHook());
  screen.on('display-added', () => hotkeys.retryHook());
  screen.on('display-removed', () => hotkeys.retryHook());
  // A key held when the machine sleeps or locks will never come up.
  const lost = (): void => {
    hotkeys.releaseHeld();
    controller.talkLost();
  };
  powerMonitor.on('suspend', lost);
  powerMonitor.on('lock-screen', lost);
  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  // Closing the window hides it to the tray (the hotkeys keep working; the tray menu quits),
  // or minimizes it where there is probably no tray to come back from.
  const onClose = closeAction(process.platform, process.env);
  let quitting = false;
  // A renderer that dies (the page holds capture and playback) is replaced once; a second
  // death within a minute stops that, and says so. The conversation lives here and survives.
  const micLost = (): void => {
    hotkeys.releaseHeld();
    controller.talkLost();
  };
  const recovery = new RendererRecovery({
    recreate: () => {
      const dead = window;
      window = createMainWindow(target);
      wireMainWindow(window);
      if (!dead.isDestroyed()) dead.destroy();
      refreshTray();
    },
    notice: (title, text) => {
      // The new page hears it once it has loaded; the system notification at once.
      const shown = window;
      if (!recovery.stopped)
        shown.webContents.once('did-finish-load', () =>
          shown.webContents.send(IPC.notice, { level: 'error', title, text }),
        );
      attention.notify(title, text, { force: recovery.stopped });
    },
    log,
  });
  function wireMainWindow(w: BrowserWindow): void {
    feedWindowKeys(w);
    w.on('close', (event) => {
      if (quitting) return;
      event.preventDefault();
      if (onClose === 'hide') w.hide();
      else w.minimize();
    });
    let reloadingHung = false;
    w.webContents.on('render-process-gone', (_event, details) => {
      if (quitting || w !== window) return;
      if (reloadingHung && details.reason === 'killed') return; // ended on purpose, below
      micLost();
      recovery.gone(details);
    });
    w.on('unresponsive', () => {
      log('warn', "Hark's window is not responding");
      void dialog
        .showMessageBox(w, {
          type: 'warning',
          message: "Hark's window is not responding",
          detail: 'Reload it? Your conversation is kept; the microphone is turned off.',
          buttons: ['Reload', 'Wait'],
          defaultId: 1,
          cancelId: 1,
        })
        .then(({ response }) => {
          if (response !== 0 || w.isDestroyed()) return;
          log('warn', "reloading Hark's window (it was not responding)");
          micLost();
          reloadingHung = true;
          w.webContents.forcefullyCrashRenderer();
          w.webContents.reload();
        });
    });
    w.on('responsive', () => log('info', "Hark's window responds again"));
  }
  wireMainWindow(window);
  // The hook's utility process is restarted by its supervisor (it sees the exit); every
  // other helper process that ends abnormally is at least in the log.
  app.on('child-process-gone', (_event, details) => {
    const name = details.name ?? details.serviceName ?? details.type;
    log(
      'warn',
      `${details.type} process ${name} gone (${details.reason}, exit code ${details.exitCode})`,
    );
  });
  // Something threw that nobody caught: the user is told, and the parts it may have left in
  // an unknown state — the talk turn and the Realtime session — start afresh.
  unexpectedError = (kind, error) => {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 200);
    const title = 'Something went wrong inside Hark';
    if (kind === 'rejection') {
      const text = `${message}. Details are in the log (Help → Open Logs Folder).`;
      notice(title, text);
      attention.notify(title, text);
      return;
    }
    const text = `${message}. Hark restarted its connection to be safe; details are in the log (Help → Open Logs Folder).`;
    notice(title, text);
    attention.notify(title, text);
    micLost();
    if (controller.snapshot().health.state !== 'offline')
      void controller.disconnect().then(() => controller.connect());
  };
  app.on('before-quit', () => {
    if (quitting) return;
    quitting = true;
    updates?.dispose();
    unregisterApp();
    unregister();
    unregisterAssistant();
    inspectorWindow.close();
    hotkeys.dispose();
    tray.destroy();
    protocol.unhandle(APP_SCHEME);
    void controller.dispose();
    setDefaultConnectionAgent(undefined);
    proxyAgent.destroy();
  });
}
