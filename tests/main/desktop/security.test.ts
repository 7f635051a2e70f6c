import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));
const { applySecurityPolicy, isAppUrl, macMicrophoneAccess, originOf } =
  await import('../../../src/main/desktop/security');

const ORIGIN = 'app://hark';
type RequestHandler = (
  wc: unknown,
  permission: string,
  cb: (ok: boolean) => void,
  details: unknown,
) => void;
type CheckHandler = (wc: unknown, permission: string, origin: string, details: unknown) => boolean;

function setup(options: Partial<Parameters<typeof applySecurityPolicy>[2]> = {}) {
  const app = new EventEmitter();
  let requestHandler: RequestHandler = () => undefined;
  let checkHandler: CheckHandler = () => false;
  let deviceHandler: () => boolean = () => true;
  const session = {
    setPermissionRequestHandler: (h: RequestHandler) => (requestHandler = h),
    setPermissionCheckHandler: (h: CheckHandler) => (checkHandler = h),
    setDevicePermissionHandler: (h: () => boolean) => (deviceHandler = h),
  };
  applySecurityPolicy(app as never, session as never, {
    origin: ORIGIN,
    packaged: true,
    ...options,
  });
  /** The answer a request gets (the handler may answer asynchronously). */
  const request = (url: string, permission: string, details: Record<string, unknown>) =>
    new Promise<boolean>((resolve) =>
      requestHandler(page(url), permission, resolve, {
        requestingUrl: url,
        isMainFrame: true,
        ...details,
      }),
    );
  return {
    app,
    request,
    check: (url: string, permission: string, origin: string, details: unknown = {}) =>
      checkHandler(page(url), permission, origin, details),
    device: () => deviceHandler(),
  };
}

const page = (url: string) => ({ getURL: () => url });
const HOME = 'app://hark/index.html';

describe('isAppUrl / originOf', () => {
  it('accepts exactly our origin', () => {
    expect(originOf('app://hark/index.html#mini')).toBe('app://hark');
    expect(isAppUrl(HOME, ORIGIN)).toBe(true);
    expect(isAppUrl('app://hark/assets/capture.worklet.js', ORIGIN)).toBe(true);
    expect(isAppUrl('app://evil/index.html', ORIGIN)).toBe(false);
    expect(isAppUrl('app://hark.evil/index.html', ORIGIN)).toBe(false);
    expect(isAppUrl('file:///app/out/renderer/index.html', ORIGIN)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('not a url', ORIGIN)).toBe(false);
  });
});

describe('applySecurityPolicy', () => {
  it('grants exactly the microphone and clipboard writes, to our page only', async () => {
    const { request } = setup();
    expect(await request(HOME, 'media', { mediaTypes: ['audio'] })).toBe(true);
    expect(await request(HOME, 'clipboard-sanitized-write', {})).toBe(true);
    expect(await request(HOME, 'media', { mediaTypes: ['video'] })).toBe(false);
    expect(await request(HOME, 'media', { mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(await request(HOME, 'media', { mediaTypes: [] })).toBe(false);
    expect(await request(HOME, 'clipboard-read', {})).toBe(false);
    expect(await request(HOME, 'geolocation', {})).toBe(false);
    expect(await request(HOME, 'notifications', {})).toBe(false);
    expect(await request('https://evil.example/', 'media', { mediaTypes: ['audio'] })).toBe(false);
    expect(await request('file:///etc/passwd', 'clipboard-sanitized-write', {})).toBe(false);
    // Our page, but asked for by a frame inside it.
    expect(await request(HOME, 'media', { mediaTypes: ['audio'], isMainFrame: false })).toBe(false);
    expect(
      await request(HOME, 'media', { mediaTypes: ['audio'], requestingUrl: 'https://x.example/' }),
    ).toBe(false);
  });

  it('permission checks: microphone (never the camera) and clipboard writes, for our origin', () => {
    const { check, device } = setup();
    expect(check(HOME, 'media', ORIGIN, { mediaType: 'audio' })).toBe(true);
    expect(check(HOME, 'media', ORIGIN, { mediaType: 'video' })).toBe(false);
    expect(check(HOME, 'clipboard-sanitized-write', ORIGIN)).toBe(true);
    expect(check(HOME, 'clipboard-read', ORIGIN)).toBe(false);
    expect(check(HOME, 'media', 'https://evil.example', { mediaType: 'audio' })).toBe(false);
    expect(check('https://evil.example/', 'media', ORIGIN, { mediaType: 'audio' })).toBe(false);
    expect(device()).toBe(false);
  });

  it('macOS: asks the system first, and explains a denial', async () => {
    const denied = vi.fn();
    let answer = true;
    const ask = vi.fn(async () => answer);
    const { request } = setup({ microphoneAccess: ask, onMicrophoneDenied: denied });
    expect(await request(HOME, 'media', { mediaTypes: ['audio'] })).toBe(true);
    answer = false;
    expect(await request(HOME, 'media', { mediaTypes: ['audio'] })).toBe(false);
    expect(denied).toHaveBeenCalledTimes(1);
    // Not asked for requests refused anyway.
    await request('https://evil.example/', 'media', { mediaTypes: ['audio'] });
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it('denies new windows, webviews, navigation and redirects away; closes DevTools when packaged', () => {
    const { app } = setup();
    const contents = new EventEmitter() as EventEmitter & {
      setWindowOpenHandler: ReturnType<typeof vi.fn>;
      closeDevTools: ReturnType<typeof vi.fn>;
    };
    contents.setWindowOpenHandler = vi.fn();
    contents.closeDevTools = vi.fn();
    app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler.mock.calls[0]![0]()).toEqual({ action: 'deny' });
    for (const event of ['will-navigate', 'will-redirect']) {
      const away = { preventDefault: vi.fn() };
      contents.emit(event, away, 'https://evil.example/');
      expect(away.preventDefault).toHaveBeenCalled();
      const home = { preventDefault: vi.fn() };
      contents.emit(event, home, 'app://hark/index.html#mini');
      expect(home.preventDefault).not.toHaveBeenCalled();
    }
    const local = { preventDefault: vi.fn() };
    contents.emit('will-navigate', local, 'file:///a/renderer/index.html');
    expect(local.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    contents.emit('devtools-opened');
    expect(contents.closeDevTools).toHaveBeenCalled();
  });
});

describe('macMicrophoneAccess', () => {
  it('prompts only while undecided; a denial needs System Settings', async () => {
    const prefs = (status: string) => ({
      getMediaAccessStatus: vi.fn(() => status),
      askForMediaAccess: vi.fn(async () => true),
    });
    const undecided = prefs('not-determined');
    expect(await macMicrophoneAccess(undecided)()).toBe(true);
    expect(undecided.askForMediaAccess).toHaveBeenCalledWith('microphone');
    const granted = prefs('granted');
    expect(await macMicrophoneAccess(granted)()).toBe(true);
    expect(granted.askForMediaAccess).not.toHaveBeenCalled();
    for (const status of ['denied', 'restricted']) {
      const p = prefs(status);
      expect(await macMicrophoneAccess(p)()).toBe(false);
      expect(p.askForMediaAccess).not.toHaveBeenCalled();
    }
  });
});
