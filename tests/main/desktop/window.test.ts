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

const { createMainWindow, createMiniWindow } = await import('../../../src/main/desktop/window');

describe('createMainWindow', () => {
  beforeEach(() => {
    created.length = 0;
  });

  it('isolates the renderer: context isolation, sandbox, no Node integration', () => {
    createMainWindow({ preload: '/p/index.cjs', rendererUrl: null, rendererFile: '/r/index.html' });
    const prefs = created[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/p/index.cjs',
    });
  });

  it('loads the built file, or the dev server when one is given', () => {
    createMainWindow({ preload: 'p', rendererUrl: null, rendererFile: '/r/index.html' });
    createMainWindow({
      preload: 'p',
      rendererUrl: 'http://localhost:5173',
      rendererFile: '/r/index.html',
    });
    expect(created[0]!.loadFile).toHaveBeenCalledWith('/r/index.html', {});
    expect(created[1]!.loadURL).toHaveBeenCalledWith('http://localhost:5173');
  });

  it('opens at the compact size the UI is designed for', () => {
    createMainWindow({ preload: 'p', rendererUrl: null, rendererFile: 'f' });
    expect(created[0]!.options).toMatchObject({ width: 420, height: 640, show: false });
  });

  it('the mini window is small, always on top, just as isolated, and opens the #mini view', () => {
    createMiniWindow({ preload: '/p/index.cjs', rendererUrl: null, rendererFile: '/r/index.html' });
    const options = created[0]!.options;
    expect(options).toMatchObject({ alwaysOnTop: true, frame: false, width: 300 });
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(created[0]!.loadFile).toHaveBeenCalledWith('/r/index.html', { hash: 'mini' });
  });
});
