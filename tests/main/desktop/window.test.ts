import { beforeEach, describe, expect, it, vi } from 'vitest';

const created: {
  options: Record<string, unknown>;
  loadURL: ReturnType<typeof vi.fn>;
  loadFile: ReturnType<typeof vi.fn>;
}[] = [];

vi.mock('electron', () => ({
  nativeTheme: { shouldUseDarkColors: false },
  BrowserWindow: vi.fn(function (this: Record<string, unknown>, options: Record<string, unknown>) {
    const instance = {
      options,
      loadURL: vi.fn(async () => undefined),
      loadFile: vi.fn(async () => undefined),
      once: vi.fn(),
      show: vi.fn(),
    };
    created.push(instance);
    return instance;
  }),
}));

const { closeAction, createInspectorWindow, createMainWindow, createMiniWindow } =
  await import('../../../src/main/desktop/window');

const target = { preload: '/p/index.cjs', url: 'app://hark/index.html', devTools: false };

describe('createMainWindow', () => {
  beforeEach(() => {
    created.length = 0;
  });

  it('isolates the renderer: context isolation, sandbox, no Node integration, no DevTools', () => {
    createMainWindow(target);
    const prefs = created[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: false,
      preload: '/p/index.cjs',
    });
  });

  it('loads the page from its URL (the app scheme, or the dev server), never from a file', () => {
    createMainWindow(target);
    createMainWindow({ ...target, url: 'http://localhost:5173', devTools: true });
    expect(created[0]!.loadURL).toHaveBeenCalledWith('app://hark/index.html');
    expect(created[1]!.loadURL).toHaveBeenCalledWith('http://localhost:5173');
    expect(created[1]!.options.webPreferences).toMatchObject({ devTools: true });
    expect(created.every((w) => w.loadFile.mock.calls.length === 0)).toBe(true);
  });

  it('opens at the compact size the UI is designed for', () => {
    createMainWindow(target);
    expect(created[0]!.options).toMatchObject({ width: 420, height: 640, show: false });
  });

  it('the mini window is small, always on top, just as isolated, and opens the #mini view', () => {
    createMiniWindow(target);
    const options = created[0]!.options;
    expect(options).toMatchObject({ alwaysOnTop: true, frame: false, width: 300 });
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: false,
    });
    expect(created[0]!.loadURL).toHaveBeenCalledWith('app://hark/index.html#mini');
  });

  it('the inspector window is as isolated as the main one, and opens the #inspector view', () => {
    createMainWindow(target);
    createInspectorWindow(target);
    const [main, inspector] = created;
    expect(inspector!.options.webPreferences).toEqual(main!.options.webPreferences);
    expect(inspector!.options).toMatchObject({ show: false, title: 'Hark — event inspector' });
    expect(inspector!.loadURL).toHaveBeenCalledWith('app://hark/index.html#inspector');
    expect(inspector!.loadFile).not.toHaveBeenCalled();
  });
});

describe('closeAction', () => {
  it('hides to the tray where there is one, minimizes where there probably is none', () => {
    expect(closeAction('darwin', {})).toBe('hide');
    expect(closeAction('win32', {})).toBe('hide');
    expect(closeAction('linux', { XDG_CURRENT_DESKTOP: 'KDE' })).toBe('hide');
    expect(closeAction('linux', { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' })).toBe('hide');
    expect(closeAction('linux', { XDG_CURRENT_DESKTOP: 'GNOME' })).toBe('minimize');
    expect(closeAction('linux', {})).toBe('minimize');
    expect(closeAction('linux', { XDG_CURRENT_DESKTOP: 'GNOME', HARK_TRAY: '1' })).toBe('hide');
    expect(closeAction('win32', { HARK_TRAY: '0' })).toBe('minimize');
  });
});
