// A recording stand-in for the `electron` module, for running the BUILT main bundle
// (out/main/index.js) under plain Node. Everything main asks of Electron is reported to the
// test over the fork IPC channel; the test drives app events back the same way.
// Environment: STANDIN_LOCK=0 refuses the single-instance lock; STANDIN_PACKAGED=1 acts as
// a packaged app; STANDIN_USER_DATA is app.getPath('userData'); STANDIN_HOOK_MODULE makes
// utilityProcess.fork start the hook process with that module instead of uiohook-napi;
// STANDIN_PLATFORM pretends to be another system (process.platform, for the Windows-only
// calls); STANDIN_DIALOG_RESPONSE is the button a message box answers with (default 1).
const { EventEmitter } = require('node:events');
const { fork } = require('node:child_process');
const { resolve } = require('node:path');

const env = process.env;
const send = (message) => {
  if (process.connected) process.send(message);
};
const record = (type, data = {}) => send({ record: type, ...data });
const plain = (value) => JSON.parse(JSON.stringify(value ?? null));

if (env.STANDIN_PLATFORM)
  Object.defineProperty(process, 'platform', { value: env.STANDIN_PLATFORM });
const { version } = require('../../../package.json');

const packaged = env.STANDIN_PACKAGED === '1';
if (packaged) process.resourcesPath = resolve(__dirname, '../../../resources');

let loginItem = false;
const app = new EventEmitter();
Object.assign(app, {
  isPackaged: packaged,
  commandLine: { appendSwitch: (...args) => record('appendSwitch', { args }) },
  requestSingleInstanceLock: () => {
    const granted = env.STANDIN_LOCK !== '0';
    record('requestSingleInstanceLock', { granted });
    return granted;
  },
  whenReady: () => {
    record('whenReady');
    return Promise.resolve();
  },
  getPath: (name) =>
    name === 'userData'
      ? env.STANDIN_USER_DATA
      : name === 'crashDumps'
        ? resolve(env.STANDIN_USER_DATA, 'Crashpad')
        : resolve('/tmp'),
  getVersion: () => version,
  setAppUserModelId: (id) => record('setAppUserModelId', { id }),
  setAboutPanelOptions: (options) => record('setAboutPanelOptions', { options: plain(options) }),
  showAboutPanel: () => record('showAboutPanel'),
  getLoginItemSettings: () => ({ openAtLogin: loginItem }),
  setLoginItemSettings: (settings) => {
    loginItem = settings.openAtLogin;
    record('setLoginItemSettings', { settings: plain(settings) });
  },
  exit: (code = 0) => {
    record('exit', { code });
    process.exitCode = code;
    if (process.connected) process.disconnect();
    process.exit(code);
  },
  quit: () => {
    record('quit');
    app.emit('before-quit', { preventDefault() {} });
    app.emit('will-quit', { preventDefault() {} });
    app.emit('quit');
    record('quit-done');
    // Electron would end the process here; the test checks that nothing is left to keep
    // Node running once the channel to the test is gone (after the hook processes ended,
    // so that their exits are reported; at most 3 s).
    const deadline = Date.now() + 3000;
    const letGo = () => {
      if (liveChildren.size > 0 && Date.now() < deadline) return setTimeout(letGo, 20);
      if (process.connected) process.disconnect();
    };
    setTimeout(letGo, 20);
  },
});

let nextId = 1;
const windows = [];
class WebContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextId++;
    this.url = '';
  }
  send(channel, payload) {
    record('webContents.send', { id: this.id, channel, payload: plain(payload) });
  }
  getURL() {
    return this.url;
  }
  closeDevTools() {}
  reload() {
    record('webContents.reload', { id: this.id });
  }
  forcefullyCrashRenderer() {
    record('webContents.forcefullyCrashRenderer', { id: this.id });
  }
  setWindowOpenHandler(handler) {
    record('setWindowOpenHandler', {
      id: this.id,
      answer: handler({ url: 'https://example.com/' }),
    });
  }
}
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.destroyed = false;
    this.visible = false;
    windows.push(this);
    record('BrowserWindow', { id: this.webContents.id, options: plain(options) });
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) {
    this.webContents.url = url;
    record('loadURL', { id: this.webContents.id, url });
    return Promise.resolve();
  }
  loadFile(file) {
    record('loadFile', { id: this.webContents.id, file });
    return Promise.resolve();
  }
  isDestroyed() {
    return this.destroyed;
  }
  isVisible() {
    return this.visible;
  }
  destroy() {
    record('window.destroy', { id: this.webContents.id });
    this.destroyed = true;
    this.emit('closed');
  }
  isMinimized() {
    return false;
  }
  show() {
    this.visible = true;
    record('window.show', { id: this.webContents.id });
  }
  showInactive() {}
  hide() {
    this.visible = false;
    record('window.hide', { id: this.webContents.id });
  }
  minimize() {
    record('window.minimize', { id: this.webContents.id });
  }
  restore() {}
  focus() {}
  close() {
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('close', event);
    record('window.close', { id: this.webContents.id, prevented: event.defaultPrevented });
    if (!event.defaultPrevented) {
      this.destroyed = true;
      this.emit('closed');
    }
  }
}

const trays = [];
class Tray extends EventEmitter {
  constructor(image) {
    super();
    trays.push(this);
    record('Tray', { image: String(image) });
  }
  setImage() {}
  setToolTip() {}
  setContextMenu() {}
  destroy() {
    record('Tray.destroy');
  }
}

const shortcuts = new Set();
const globalShortcut = {
  register: (accelerator) => {
    shortcuts.add(accelerator);
    record('globalShortcut.register', { accelerator });
    return true;
  },
  unregister: (accelerator) => {
    shortcuts.delete(accelerator);
    record('globalShortcut.unregister', { accelerator, left: shortcuts.size });
  },
};

const handlers = new Map();
const ipcMain = {
  handle: (channel, fn) => handlers.set(channel, fn),
  removeHandler: (channel) => {
    handlers.delete(channel);
    if (handlers.size === 0) record('ipcMain.empty');
  },
  on: () => undefined,
  removeListener: () => undefined,
};

const protocolHandlers = new Map();
const protocol = {
  registerSchemesAsPrivileged: (schemes) => record('registerSchemesAsPrivileged', { schemes }),
  handle: (scheme, handler) => {
    protocolHandlers.set(scheme, handler);
    record('protocol.handle', { scheme });
  },
  unhandle: (scheme) => {
    protocolHandlers.delete(scheme);
    record('protocol.unhandle', { scheme });
  },
};

const liveChildren = new Set();
const utilityProcess = {
  fork: (modulePath, args = [], options = {}) => {
    const extra = env.STANDIN_HOOK_MODULE ? [`--hook-module=${env.STANDIN_HOOK_MODULE}`] : [];
    const child = fork(modulePath, [...args, ...extra], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      env: { ...env, DISPLAY: env.STANDIN_DISPLAY ?? '' },
    });
    liveChildren.add(child);
    record('utilityProcess.fork', {
      modulePath,
      serviceName: options.serviceName,
      pid: child.pid,
      mainPid: process.pid,
    });
    // Electron's UtilityProcess: postMessage/kill and 'message'/'exit' events.
    const proc = new EventEmitter();
    child.on('message', (message) => proc.emit('message', message));
    child.on('exit', (code, signal) => {
      liveChildren.delete(child);
      record('utilityProcess.exit', { pid: child.pid, code, signal });
      // Electron reports a utility process that did not end cleanly to app as well.
      if (code !== 0)
        app.emit(
          'child-process-gone',
          {},
          {
            type: 'Utility',
            reason: signal ? 'killed' : 'crashed',
            exitCode: code ?? 9,
            serviceName: 'node.mojom.NodeService',
            name: options.serviceName,
          },
        );
      proc.emit('exit', code ?? 1);
    });
    proc.postMessage = (message) => child.connected && child.send(message);
    proc.kill = () => child.kill('SIGKILL');
    return proc;
  },
};

const session = {
  defaultSession: {
    setPermissionRequestHandler: () => record('setPermissionRequestHandler'),
    setPermissionCheckHandler: () => record('setPermissionCheckHandler'),
    setDevicePermissionHandler: () => undefined,
    resolveProxy: async () => 'DIRECT',
  },
};

// The test drives the app: app events, protocol requests, windows closing.
process.on('message', async (message) => {
  if (message.cmd === 'emit') app.emit(message.event, {});
  if (message.cmd === 'quit') app.quit();
  if (message.cmd === 'close-window') windows[0].close();
  // A window's renderer ends (crash recovery): by the id in BrowserWindow records.
  const byId = (id) => windows.find((w) => w.webContents.id === id);
  if (message.cmd === 'renderer-gone')
    byId(message.id).webContents.emit(
      'render-process-gone',
      {},
      { reason: message.reason ?? 'crashed', exitCode: 139 },
    );
  if (message.cmd === 'unresponsive') byId(message.id).emit('unresponsive');
  if (message.cmd === 'did-finish-load') byId(message.id).webContents.emit('did-finish-load');
  // A failure in main that nobody catches.
  if (message.cmd === 'throw')
    setTimeout(() => {
      throw new Error(message.message);
    });
  if (message.cmd === 'reject') void Promise.reject(new Error(message.message));
  if (message.cmd === 'invoke') {
    // An IPC call from the main frame of one of the windows (its page's URL is the frame's).
    const window = windows[message.window ?? 0];
    const handler = handlers.get(message.channel);
    const event = {
      sender: window.webContents,
      senderFrame: { url: window.webContents.url, parent: null },
    };
    const result = handler ? await handler(event, message.payload) : { missing: true };
    record('invoked', {
      channel: message.channel,
      window: message.window ?? 0,
      result: plain(result),
    });
  }
  if (message.cmd === 'fetch') {
    const handler = protocolHandlers.get(new URL(message.url).protocol.slice(0, -1));
    const response = handler ? await handler({ url: message.url }) : null;
    record('fetched', {
      url: message.url,
      status: response ? response.status : null,
      headers: response ? Object.fromEntries(response.headers) : {},
      body: response ? await response.text() : '',
    });
  }
});

exports.app = app;
exports.crashReporter = {
  start: (options) => record('crashReporter.start', { options: plain(options) }),
};
exports.dialog = {
  showMessageBox: async (_window, options) => {
    record('dialog.showMessageBox', { options: plain(options) });
    return { response: Number(env.STANDIN_DIALOG_RESPONSE ?? 1) };
  },
};
class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    record('Notification.show', { options: plain(this.options) });
  }
}
exports.Notification = Notification;
exports.screen = new EventEmitter();
// "Look at this" (src/main/desktop/screen-capture.ts): no screen to capture here.
exports.desktopCapturer = { getSources: async () => [] };
exports.BrowserWindow = BrowserWindow;
exports.Tray = Tray;
exports.Menu = {
  buildFromTemplate: (template) => template,
  setApplicationMenu: (menu) =>
    record('setApplicationMenu', {
      roles: JSON.stringify(menu, (k, v) => (typeof v === 'function' ? undefined : v)),
    }),
};
exports.nativeImage = { createFromPath: (path) => path };
exports.nativeTheme = { shouldUseDarkColors: false };
exports.globalShortcut = globalShortcut;
exports.ipcMain = ipcMain;
// Audio ports (src/main/desktop/audio-ports.ts): Node's channel stands in for Electron's.
exports.MessageChannelMain = class MessageChannelMain {
  constructor() {
    const { port1, port2 } = new (require('node:worker_threads').MessageChannel)();
    this.port1 = port1;
    this.port2 = port2;
  }
};
exports.powerMonitor = new EventEmitter();
exports.protocol = protocol;
exports.safeStorage = {
  isEncryptionAvailable: () => false,
  encryptString: () => Buffer.alloc(0),
  decryptString: () => '',
};
exports.session = session;
exports.systemPreferences = {
  isTrustedAccessibilityClient: () => true,
  getMediaAccessStatus: () => 'granted',
  askForMediaAccess: async () => true,
};
exports.utilityProcess = utilityProcess;
// The assistant's desktop tools (clipboard, open a URL): recorded, never touching the host.
// Electron 45's asynchronous, W3C-shaped clipboard.
let clipboardText = '';
class ClipboardItem {
  constructor(data) {
    this.data = data;
    this.types = Object.keys(data);
  }
  getType(type) {
    return Promise.resolve(this.data[type]);
  }
}
exports.ClipboardItem = ClipboardItem;
exports.clipboard = {
  readText: async () => clipboardText,
  read: async () => (clipboardText ? [new ClipboardItem({ 'text/plain': clipboardText })] : []),
  writeText: async (text) => {
    record('clipboard.writeText', { length: String(text).length });
    clipboardText = String(text);
  },
  write: async (items) => {
    const data = Object.assign({}, ...items.map((item) => item.data));
    record('clipboard.write', { formats: Object.keys(data).sort() });
    clipboardText = String(data['text/plain'] ?? '');
  },
  clear: () => {
    record('clipboard.clear', {});
    clipboardText = '';
  },
};
exports.shell = {
  openPath: async (path) => {
    record('shell.openPath', { path });
    return '';
  },
  openExternal: async (url) => record('shell.openExternal', { url }),
};
