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
   * see the screen without the user ever agreeing. True: take the picture.
   */
  confirm: () => Promise<boolean>;
}

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
  if (!(await deps.confirm())) throw new Error(CAPTURE_DECLINED);
  if (deps.platform === 'darwin') {
    const status = deps.systemPreferences.getMediaAccessStatus('screen');
    if (status === 'denied' || status === 'restricted') throw new Error(MAC_SCREEN_PERMISSION);
  }
  const display = deps.primaryDisplay();
  const target = modelSize(display.width, display.height);
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
  let image: NativeImage = source.thumbnail;
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
      confirm: confirmWithNativeDialog,
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
 * The native question (drawn by the system, answered only by the user): Cancel is the
 * default, so Enter or Escape on an unexpected dialog captures nothing.
 */
async function confirmWithNativeDialog(): Promise<boolean> {
  const options: Electron.MessageBoxOptions = {
    type: 'question',
    buttons: ['Take a picture', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    title: 'Show Hark your screen',
    message: 'Take a picture of your screen for Hark?',
    detail:
      'Hark then shows you the picture, and sends it only if you allow it. This question comes from Hark itself: nothing in the window can answer it for you.',
  };
  const parent = BrowserWindow.getFocusedWindow();
  const { response } = parent
    ? await dialog.showMessageBox(parent, options)
    : await dialog.showMessageBox(options);
  return response === 0;
}
