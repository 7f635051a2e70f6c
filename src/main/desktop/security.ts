import type { App, Session, WebContents } from 'electron';

/** `scheme://host[:port]` of a URL, for custom schemes too (whose WHATWG origin is "null"). */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

/** Is this URL one of our own renderer pages? Exact origin match, nothing else. */
export function isAppUrl(url: string, appOrigin: string): boolean {
  return originOf(url) === appOrigin;
}

export interface SecurityOptions {
  /** Our pages' origin: `app://hark`, or the dev server's in development. */
  origin: string;
  /** Packaged builds: DevTools closed as soon as they open (the window also disables them). */
  packaged: boolean;
  /** macOS: ask the system for the microphone before Chromium does (askForMediaAccess). */
  microphoneAccess?: () => Promise<boolean>;
  /** The system refused the microphone: tell the user where to allow it. */
  onMicrophoneDenied?: () => void;
}

type PermissionDetails = { mediaTypes?: string[]; requestingUrl?: string; isMainFrame?: boolean };

/**
 * Hardening applied to every web contents the app ever creates: no new windows, no
 * navigation or redirect away from the app, no webviews, and exactly two permissions —
 * the microphone (no camera) and clipboard writes (Copy diagnostics) — for our origin only.
 */
export function applySecurityPolicy(app: App, session: Session, options: SecurityOptions): void {
  const ours = (url: string | undefined): boolean =>
    url !== undefined && isAppUrl(url, options.origin);
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    const stayHome = (event: { preventDefault(): void }, url: string): void => {
      if (!ours(url)) event.preventDefault();
    };
    contents.on('will-navigate', stayHome);
    contents.on('will-redirect', stayHome);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    if (options.packaged) contents.on('devtools-opened', () => contents.closeDevTools());
  });
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const { mediaTypes = [], requestingUrl, isMainFrame } = details as PermissionDetails;
    const trusted =
      isTrusted(contents, options.origin) &&
      isMainFrame !== false &&
      (requestingUrl === undefined || ours(requestingUrl));
    if (trusted && permission === 'clipboard-sanitized-write') return callback(true);
    const microphone =
      permission === 'media' && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'audio');
    if (!trusted || !microphone) return callback(false);
    if (!options.microphoneAccess) return callback(true);
    options.microphoneAccess().then(
      (granted) => {
        if (!granted) options.onMicrophoneDenied?.();
        callback(granted);
      },
      () => callback(false),
    );
  });
  session.setPermissionCheckHandler((contents, permission, requestingOrigin, details) => {
    if (!contents || !isTrusted(contents, options.origin)) return false;
    if (originOf(requestingOrigin) !== options.origin) return false;
    if (permission === 'clipboard-sanitized-write') return true;
    // "unknown" is how Chromium asks before labelling devices; never the camera.
    const mediaType = (details as { mediaType?: string }).mediaType;
    return permission === 'media' && (mediaType === 'audio' || mediaType === 'unknown');
  });
  // USB, HID, serial, Bluetooth: never.
  session.setDevicePermissionHandler(() => false);
}

function isTrusted(contents: WebContents, origin: string): boolean {
  return isAppUrl(contents.getURL(), origin);
}

/**
 * macOS microphone consent: ask once while "not-determined" (the system prompt), answer
 * from the recorded choice afterwards. Elsewhere the OS asks no app-level question.
 */
export function macMicrophoneAccess(preferences: {
  getMediaAccessStatus(media: 'microphone'): string;
  askForMediaAccess(media: 'microphone'): Promise<boolean>;
}): () => Promise<boolean> {
  return async () => {
    const status = preferences.getMediaAccessStatus('microphone');
    if (status === 'granted') return true;
    if (status === 'not-determined') return preferences.askForMediaAccess('microphone');
    return false; // denied or restricted: only System Settings can change it
  };
}

export const MAC_MICROPHONE_DENIED =
  'macOS has not given Hark the microphone. Open System Settings → Privacy & Security → Microphone, turn on Hark, then quit and reopen Hark.';
