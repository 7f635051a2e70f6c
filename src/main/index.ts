/** The composition root: the only place that brings Electron and the core together. */
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import {
  app,
  globalShortcut,
  ipcMain,
  Menu,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  systemPreferences,
} from 'electron';
import { HEALTH_LABELS } from '../shared/health';
import { IPC, type HotkeyStatus } from '../shared/ipc';
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

if (!app.requestSingleInstanceLock()) {
  // Another Hark is running and shows its window (second-instance): start nothing here.
  app.exit(0);
} else {
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
  const { log } = createLogger(app.getPath('userData'), () => [secrets.read()?.key], {
    echo: !packaged,
  });
  installProcessHandlers(log, (error) => console.error('Hark: uncaught exception', error));
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
  const window = createMainWindow(target);
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
    problem?.replace(/ Retrying in [\d.]+ m?s\./, '') ?? null;
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
  feedWindowKeys(window);
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
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      applicationMenu({ platform: process.platform, packaged, showWindow, requestAccessibility }),
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
  // Closing the window hides it to the tray (the hotkeys keep working; the tray menu quits),
  // or minimizes it where there is probably no tray to come back from.
  const onClose = closeAction(process.platform, process.env);
  let quitting = false;
  window.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    if (onClose === 'hide') window.hide();
    else window.minimize();
  });
  app.on('before-quit', () => {
    if (quitting) return;
    quitting = true;
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
