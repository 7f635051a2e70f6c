import {
  BrowserWindow,
  desktopCapturer,
  dialog,
  screen,
  systemPreferences,
  type DesktopCapturer,
  type NativeImage,
  type SystemPreferences,
} from 'electron';
import { IMAGE_LIMITS, kb, modelSize, preferredFormat } from '../../shared/image-attachment';

/** What the capture needs of Electron: injected, so it runs in tests with stand-ins. */
export interface ScreenCaptureDeps {
  desktopCapturer: Pick<DesktopCapturer, 'getSources'>;
  systemPreferences: Pick<SystemPreferences, 'getMediaAccessStatus'>;
  /** The primary display's size in physical pixels, and its id (to pick it among sources). */
  primaryDisplay: () => { id: number; width: number; height: number };
  platform: NodeJS.Platform;
  /** A Wayland session: the portal's picker may return a window the user chose. */
  wayland?: boolean;
  /**
   * Main's own question before anything is captured (a native dialog): the page shows the
   * picture for approval, so without it a compromised page could ask for a capture and
   * see the screen without the user ever agreeing. `offerWindow`: offer "one window" too
   * (not on Wayland, where the portal's own picker offers it). Null: capture nothing.
   */
  ask: (offerWindow: boolean) => Promise<CaptureChoice>;
  /** Main's native list of the open windows' titles: the index chosen, or null. */
  pickWindow: (titles: string[]) => Promise<number | null>;
}

export type CaptureChoice = 'screen' | 'window' | null;

/** A native dialog holds this many window titles as buttons at most. */
export const MAX_WINDOW_CHOICES = 10;

export const CAPTURE_DECLINED =
  'You chose not to take a picture of your screen: nothing was captured or sent.';

export const MAC_SCREEN_PERMISSION =
  'Hark may not record the screen: on macOS open System Settings → Privacy & Security → Screen & System Audio Recording (Screen Recording on older versions), switch Hark on, then quit and reopen Hark.';

/** JPEG qualities (nativeImage takes 0–100): the stated one, then lower ones to fit the limit. */
const JPEG_QUALITIES = [Math.round(IMAGE_LIMITS.jpegQuality * 100), 70, 55, 40];

/**
 * A picture of the screen as a PNG or JPEG data URL, already at the size the model uses:
 * the thumbnail is asked for at OpenAI's high-detail scaling of the display (fit within
 * 2048×2048, then the shortest side at most 768), so the full-size screen is never held.
 * A small image is PNG (crisp text); a screen is JPEG at quality 85, lowered until it fits
 * IMAGE_LIMITS.maxSentBytes (720 KB).
 *
 * macOS: the Screen Recording permission; when denied the error says where to grant it
 * (when not yet asked, asking for sources makes macOS ask). Linux on Wayland: Electron goes
 * through the desktop portal, which shows its own picker (a screen or a window); the
 * user's choice is the one source returned.
 */
export async function captureScreen(deps: ScreenCaptureDeps): Promise<string> {
  const choice = await deps.ask(!deps.wayland);
  if (choice === null) throw new Error(CAPTURE_DECLINED);
  if (deps.platform === 'darwin') {
    const status = deps.systemPreferences.getMediaAccessStatus('screen');
    if (status === 'denied' || status === 'restricted') throw new Error(MAC_SCREEN_PERMISSION);
  }
  const display = deps.primaryDisplay();
  const target = modelSize(display.width, display.height);
  if (choice === 'window') return encodeCapture(deps, await captureWindow(deps, target));
  // Windows only where the user picks one (the Wayland portal): elsewhere asking for them
  // renders a 2048-wide thumbnail of every open window, private ones too, only to drop them.
  const sources = await deps.desktopCapturer.getSources({
    types: deps.wayland ? ['screen', 'window'] : ['screen'],
    thumbnailSize: target,
    fetchWindowIcons: false,
  });
  // The primary screen where Hark sees screens (Windows, macOS, X11); on Wayland the one
  // source the portal's picker returned.
  const source =
    sources.find((s) => s.display_id === String(display.id)) ??
    sources.find((s) => s.id.startsWith('screen:')) ??
    sources[0];
  if (!source) throw new Error('No screen to capture was found (or the picker was closed).');
  return encodeCapture(deps, source.thumbnail);
}

/**
 * One window the user picks from main's own list of titles (no pictures are made for the
 * list); then that window's picture at the model's size. Electron captures thumbnails of
 * all windows at once, so the others are made in main and dropped at once, never shown.
 */
async function captureWindow(
  deps: ScreenCaptureDeps,
  target: { width: number; height: number },
): Promise<NativeImage> {
  const listed = await deps.desktopCapturer.getSources({
    types: ['window'],
    thumbnailSize: { width: 0, height: 0 }, // titles only: Electron makes no pictures
    fetchWindowIcons: false,
  });
  const windows = listed.filter((w) => w.name.trim() !== '').slice(0, MAX_WINDOW_CHOICES);
  if (windows.length === 0) throw new Error('No window to capture was found; nothing was sent.');
  const index = await deps.pickWindow(windows.map((w) => w.name));
  const chosen = index === null ? undefined : windows[index];
  if (!chosen) throw new Error(CAPTURE_DECLINED);
  const sources = await deps.desktopCapturer.getSources({
    types: ['window'],
    thumbnailSize: target,
    fetchWindowIcons: false,
  });
  const source = sources.find((s) => s.id === chosen.id);
  if (!source)
    throw new Error(`“${chosen.name}” closed before its picture was taken; nothing was sent.`);
  return source.thumbnail;
}

function encodeCapture(deps: ScreenCaptureDeps, thumbnail: NativeImage): string {
  let image = thumbnail;
  if (image.isEmpty())
    throw new Error(
      deps.platform === 'darwin'
        ? MAC_SCREEN_PERMISSION
        : 'The screen capture came back empty; nothing was sent.',
    );
  const size = image.getSize();
  const fit = modelSize(size.width, size.height);
  if (fit.width !== size.width || fit.height !== size.height)
    image = image.resize({ width: fit.width, height: fit.height, quality: 'best' });
  return encode(image, fit.width, fit.height);
}

function encode(image: NativeImage, width: number, height: number): string {
  if (preferredFormat(width, height) === 'png') {
    const png = image.toPNG();
    if (png.byteLength <= IMAGE_LIMITS.maxSentBytes) return dataUrl('png', png);
  }
  let jpeg: Buffer = Buffer.alloc(0);
  for (const quality of JPEG_QUALITIES) {
    jpeg = image.toJPEG(quality);
    if (jpeg.byteLength <= IMAGE_LIMITS.maxSentBytes) return dataUrl('jpeg', jpeg);
  }
  throw new Error(
    `The screen picture is too large to send even at JPEG quality 40 (${kb(jpeg.byteLength)}).`,
  );
}

function dataUrl(format: 'png' | 'jpeg', bytes: Buffer): string {
  return `data:image/${format};base64,${bytes.toString('base64')}`;
}

/** The capture with Electron's own modules (the composition root calls it once). */
export function electronScreenCapture(): () => Promise<string> {
  return () => {
    const primary = screen.getPrimaryDisplay();
    return captureScreen({
      desktopCapturer,
      systemPreferences,
      ask: askWithNativeDialog,
      pickWindow: pickWindowWithNativeDialog,
      platform: process.platform,
      wayland:
        process.platform === 'linux' &&
        (process.env['XDG_SESSION_TYPE'] === 'wayland' || Boolean(process.env['WAYLAND_DISPLAY'])),
      primaryDisplay: () => ({
        id: primary.id,
        width: Math.round(primary.size.width * primary.scaleFactor),
        height: Math.round(primary.size.height * primary.scaleFactor),
      }),
    });
  };
}

/**
 * A native dialog (drawn by the system, answered only by the user), over Hark's window.
 * Its last button is Cancel and the default, so Enter or Escape on an unexpected dialog
 * captures nothing. The index of the button chosen, or null for Cancel.
 */
async function nativeChoice(
  options: Omit<Electron.MessageBoxOptions, 'defaultId' | 'cancelId'>,
): Promise<number | null> {
  const cancel = options.buttons!.length - 1;
  const full = { ...options, defaultId: cancel, cancelId: cancel };
  const parent = BrowserWindow.getFocusedWindow();
  const { response } = parent
    ? await dialog.showMessageBox(parent, full)
    : await dialog.showMessageBox(full);
  return response === cancel ? null : response;
}

async function askWithNativeDialog(offerWindow: boolean): Promise<CaptureChoice> {
  const response = await nativeChoice({
    type: 'question',
    buttons: offerWindow ? ['Whole screen', 'One window…', 'Cancel'] : ['Take a picture', 'Cancel'],
    title: 'Show Hark your screen',
    message: offerWindow
      ? 'Take a picture of your screen, or of one window, for Hark?'
      : 'Take a picture of your screen for Hark?',
    detail:
      'Hark then shows you the picture, and sends it only if you allow it. This question comes from Hark itself: nothing in the window can answer it for you.',
  });
  if (response === null) return null;
  return offerWindow && response === 1 ? 'window' : 'screen';
}

function pickWindowWithNativeDialog(titles: string[]): Promise<number | null> {
  return nativeChoice({
    type: 'question',
    buttons: [...titles.map((t) => (t.length > 60 ? `${t.slice(0, 59)}…` : t)), 'Cancel'],
    noLink: true,
    title: 'Show Hark one window',
    message: 'Which window should Hark see?',
  });
}
