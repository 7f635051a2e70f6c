import { describe, expect, it, vi } from 'vitest';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';

// The module's default wiring imports Electron; the capture itself takes it injected.
const electron = vi.hoisted(() => ({
  getSources: vi.fn(),
  getMediaAccessStatus: vi.fn(() => 'granted'),
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0 })),
}));
vi.mock('electron', () => ({
  BrowserWindow: { getFocusedWindow: () => null },
  dialog: { showMessageBox: electron.showMessageBox },
  desktopCapturer: { getSources: electron.getSources },
  systemPreferences: { getMediaAccessStatus: electron.getMediaAccessStatus },
  screen: {
    getPrimaryDisplay: () => ({ id: 7, size: { width: 1280, height: 800 }, scaleFactor: 2 }),
  },
}));

const { captureScreen, electronScreenCapture, MAC_SCREEN_PERMISSION, CAPTURE_DECLINED } =
  await import('../../../src/main/desktop/screen-capture');
const { checkImageDataUrl } = await import('../../../src/main/assistant/look/image-check');

/** A stand-in NativeImage of one grey, encoding for real (fast-png, jpeg-js). */
function fakeImage(width: number, height: number, jpegBytes?: (quality: number) => number) {
  const rgba = new Uint8Array(width * height * 4).fill(128);
  const image = {
    width,
    height,
    qualities: [] as number[],
    isEmpty: () => width === 0,
    getSize: () => ({ width, height }),
    resize: vi.fn((size: { width: number; height: number }) => fakeImage(size.width, size.height)),
    toPNG: () => Buffer.from(encodePng({ width, height, data: rgba, channels: 4 })),
    toJPEG: (quality: number) => {
      image.qualities.push(quality);
      const real = Buffer.from(
        jpeg.encode({ width, height, data: Buffer.from(rgba) }, quality).data,
      );
      const padded = jpegBytes?.(quality);
      return padded ? Buffer.concat([real, Buffer.alloc(padded)]) : real;
    },
  };
  return image;
}

function deps(
  sources: { id: string; display_id: string; thumbnail: unknown }[],
  {
    platform = 'linux' as NodeJS.Platform,
    access = 'granted',
    display = { id: 1, width: 2560, height: 1440 },
    wayland = false,
    choice = 'screen' as 'screen' | 'window' | null,
    pick = 0 as number | null,
  } = {},
) {
  const getSources = vi.fn(async () => sources);
  const getMediaAccessStatus = vi.fn(() => access);
  return {
    getSources,
    getMediaAccessStatus,
    deps: {
      desktopCapturer: { getSources } as never,
      systemPreferences: { getMediaAccessStatus } as never,
      primaryDisplay: () => display,
      platform,
      wayland,
      ask: vi.fn(async (_offerWindow: boolean) => choice),
      pickWindow: vi.fn(async (_titles: string[]) => pick),
    },
  };
}

describe('captureScreen', () => {
  it('asks for the primary screen at the size the model uses and sends a JPEG of it', async () => {
    const screen = fakeImage(1365, 768);
    const t = deps([
      { id: 'window:5:0', display_id: '', thumbnail: fakeImage(100, 100) },
      { id: 'screen:2:0', display_id: '2', thumbnail: fakeImage(1365, 768) },
      { id: 'screen:1:0', display_id: '1', thumbnail: screen },
    ]);
    const url = await captureScreen(t.deps);
    // Screens only: no thumbnail of every open window is made to be thrown away.
    expect(t.getSources).toHaveBeenCalledWith({
      types: ['screen'],
      thumbnailSize: { width: 1365, height: 768 },
      fetchWindowIcons: false,
    });
    expect(screen.qualities).toEqual([85]);
    expect(checkImageDataUrl(url)).toMatchObject({
      ok: true,
      image: { format: 'jpeg', width: 1365, height: 768 },
    });
  });

  it('on Wayland asks for screens and windows: the portal picker returns the one the user chose', async () => {
    const chosen = fakeImage(1000, 700);
    const t = deps([{ id: 'window:9:0', display_id: '', thumbnail: chosen }], { wayland: true });
    const url = await captureScreen(t.deps);
    expect(t.getSources).toHaveBeenCalledWith(
      expect.objectContaining({ types: ['screen', 'window'] }),
    );
    expect(checkImageDataUrl(url)).toMatchObject({ ok: true, image: { width: 1000, height: 700 } });
  });

  it('sends a small screen as PNG, and scales a thumbnail larger than asked', async () => {
    const small = deps([{ id: 'screen:1:0', display_id: '1', thumbnail: fakeImage(200, 150) }], {
      display: { id: 1, width: 200, height: 150 },
    });
    expect(checkImageDataUrl(await captureScreen(small.deps))).toMatchObject({
      image: { format: 'png', width: 200, height: 150 },
    });
    const big = fakeImage(3000, 2000);
    const t = deps([{ id: 'screen:1:0', display_id: '1', thumbnail: big }]);
    const url = await captureScreen(t.deps);
    expect(big.resize).toHaveBeenCalledWith({ width: 1152, height: 768, quality: 'best' });
    expect(checkImageDataUrl(url)).toMatchObject({ image: { width: 1152, height: 768 } });
  });

  it('lowers the JPEG quality until the picture fits the sending limit', async () => {
    const screen = fakeImage(1365, 768, (q) => (q > 55 ? 900 * 1024 : 0));
    const t = deps([{ id: 'screen:1:0', display_id: '1', thumbnail: screen }]);
    const url = await captureScreen(t.deps);
    expect(screen.qualities).toEqual([85, 70, 55]);
    expect(checkImageDataUrl(url).ok).toBe(true);
    const hopeless = fakeImage(1365, 768, () => 900 * 1024);
    await expect(
      captureScreen(deps([{ id: 'screen:1:0', display_id: '1', thumbnail: hopeless }]).deps),
    ).rejects.toThrow(/too large to send even at JPEG quality 40/);
  });

  it('on macOS says how to grant Screen Recording when it is denied, before capturing', async () => {
    const t = deps([], { platform: 'darwin', access: 'denied' });
    await expect(captureScreen(t.deps)).rejects.toThrow(MAC_SCREEN_PERMISSION);
    expect(t.getMediaAccessStatus).toHaveBeenCalledWith('screen');
    expect(t.getSources).not.toHaveBeenCalled();
    expect(MAC_SCREEN_PERMISSION).toMatch(/Privacy & Security → Screen & System Audio Recording/);
    // Not determined yet: asking for sources is what makes macOS ask; an empty picture means no.
    const empty = deps([{ id: 'screen:1:0', display_id: '1', thumbnail: fakeImage(0, 0) }], {
      platform: 'darwin',
      access: 'not-determined',
    });
    await expect(captureScreen(empty.deps)).rejects.toThrow(MAC_SCREEN_PERMISSION);
  });

  it('says so when there is nothing to capture (the Wayland picker closed, an empty picture)', async () => {
    await expect(captureScreen(deps([]).deps)).rejects.toThrow(/No screen to capture/);
    await expect(
      captureScreen(deps([{ id: 'screen:1:0', display_id: '1', thumbnail: fakeImage(0, 0) }]).deps),
    ).rejects.toThrow(/came back empty/);
  });

  it('captures nothing unless main’s own question was answered', async () => {
    const t = deps([{ id: 'screen:1:0', display_id: '1', thumbnail: fakeImage(1365, 768) }], {
      choice: null,
    });
    await expect(captureScreen(t.deps)).rejects.toThrow(CAPTURE_DECLINED);
    expect(t.getSources).not.toHaveBeenCalled();
    expect(t.getMediaAccessStatus).not.toHaveBeenCalled();
    // Wayland: the portal offers screen or window itself; elsewhere Hark offers one window.
    expect(t.deps.ask).toHaveBeenCalledWith(true);
    const w = deps([], { choice: null, wayland: true });
    await expect(captureScreen(w.deps)).rejects.toThrow(CAPTURE_DECLINED);
    expect(w.deps.ask).toHaveBeenCalledWith(false);
  });

  it('one window: titles only for the list (no pictures), then that window at the model’s size', async () => {
    const chosen = fakeImage(1000, 600);
    const t = deps([], { choice: 'window', pick: 1 });
    t.getSources
      .mockResolvedValueOnce([
        { id: 'window:1:0', name: 'Mail', display_id: '', thumbnail: fakeImage(0, 0) },
        { id: 'window:2:0', name: 'Editor', display_id: '', thumbnail: fakeImage(0, 0) },
        { id: 'window:3:0', name: ' ', display_id: '', thumbnail: fakeImage(0, 0) },
      ] as never)
      .mockResolvedValueOnce([
        { id: 'window:1:0', name: 'Mail', display_id: '', thumbnail: fakeImage(1365, 768) },
        { id: 'window:2:0', name: 'Editor', display_id: '', thumbnail: chosen },
      ] as never);
    const url = await captureScreen(t.deps);
    expect(t.deps.pickWindow).toHaveBeenCalledWith(['Mail', 'Editor']); // untitled ones left out
    expect(t.getSources.mock.calls[0]).toEqual([
      expect.objectContaining({ types: ['window'], thumbnailSize: { width: 0, height: 0 } }),
    ]);
    expect(t.getSources.mock.calls[1]).toEqual([
      expect.objectContaining({ types: ['window'], thumbnailSize: { width: 1365, height: 768 } }),
    ]);
    expect(checkImageDataUrl(url)).toMatchObject({ ok: true, image: { width: 1000, height: 600 } });
  });

  it('one window: cancelling the list, no windows, or a window closed meanwhile capture nothing', async () => {
    const window = { id: 'window:2:0', name: 'Editor', display_id: '', thumbnail: fakeImage(0, 0) };
    const cancelled = deps([window], { choice: 'window', pick: null });
    await expect(captureScreen(cancelled.deps)).rejects.toThrow(CAPTURE_DECLINED);
    expect(cancelled.getSources).toHaveBeenCalledTimes(1); // the titles, never a picture
    await expect(captureScreen(deps([], { choice: 'window' }).deps)).rejects.toThrow(
      /No window to capture/,
    );
    const closed = deps([], { choice: 'window', pick: 0 });
    closed.getSources.mockResolvedValueOnce([window] as never).mockResolvedValueOnce([]);
    await expect(captureScreen(closed.deps)).rejects.toThrow(/“Editor” closed/);
  });

  it('the Electron wiring asks with native dialogs (Cancel by default) before it captures', async () => {
    electron.showMessageBox.mockResolvedValueOnce({ response: 2 });
    electron.getSources.mockClear();
    await expect(electronScreenCapture()()).rejects.toThrow(CAPTURE_DECLINED);
    expect(electron.getSources).not.toHaveBeenCalled();
    expect(electron.showMessageBox).toHaveBeenLastCalledWith(
      expect.objectContaining({
        buttons: ['Whole screen', 'One window…', 'Cancel'],
        defaultId: 2,
        cancelId: 2,
      }),
    );
    // One window…, then the list of titles, where Cancel is the default too.
    electron.showMessageBox
      .mockResolvedValueOnce({ response: 1 })
      .mockResolvedValueOnce({ response: 1 });
    electron.getSources.mockResolvedValueOnce([
      { id: 'window:4:0', name: 'Notes', display_id: '', thumbnail: fakeImage(0, 0) },
    ]);
    await expect(electronScreenCapture()()).rejects.toThrow(CAPTURE_DECLINED);
    expect(electron.showMessageBox).toHaveBeenLastCalledWith(
      expect.objectContaining({ buttons: ['Notes', 'Cancel'], defaultId: 1, cancelId: 1 }),
    );
  });

  it('the Electron wiring captures the primary display in physical pixels', async () => {
    electron.getSources.mockResolvedValueOnce([
      { id: 'screen:7:0', display_id: '7', thumbnail: fakeImage(1229, 768) },
    ]);
    const url = await electronScreenCapture()();
    expect(electron.getSources).toHaveBeenCalledWith(
      expect.objectContaining({ thumbnailSize: { width: 1229, height: 768 } }),
    );
    expect(checkImageDataUrl(url)).toMatchObject({ ok: true, image: { width: 1229, height: 768 } });
  });
});
