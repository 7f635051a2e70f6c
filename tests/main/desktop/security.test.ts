import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));
const { applySecurityPolicy, isAppUrl } = await import('../../../src/main/desktop/security');

function setup(origin: string | null) {
  const app = new EventEmitter();
  let requestHandler: (
    wc: unknown,
    permission: string,
    cb: (ok: boolean) => void,
    details: unknown,
  ) => void = () => undefined;
  let checkHandler: (wc: unknown, permission: string) => boolean = () => false;
  const session = {
    setPermissionRequestHandler: (h: typeof requestHandler) => (requestHandler = h),
    setPermissionCheckHandler: (h: typeof checkHandler) => (checkHandler = h),
  };
  applySecurityPolicy(app as never, session as never, origin);
  return {
    app,
    request: (...a: Parameters<typeof requestHandler>) => requestHandler(...a),
    check: (...a: Parameters<typeof checkHandler>) => checkHandler(...a),
  };
}

const page = (url: string) => ({ getURL: () => url });

describe('isAppUrl', () => {
  it('accepts only our renderer', () => {
    expect(isAppUrl('file:///app/out/renderer/index.html', null)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', null)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('https://evil.example/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('not a url', null)).toBe(false);
  });
});

describe('applySecurityPolicy', () => {
  it('grants the microphone to our page and nothing else', () => {
    const { request } = setup(null);
    const results: boolean[] = [];
    request(page('file:///a/renderer/index.html'), 'media', (ok) => results.push(ok), {
      mediaTypes: ['audio'],
    });
    request(page('file:///a/renderer/index.html'), 'media', (ok) => results.push(ok), {
      mediaTypes: ['video'],
    });
    request(page('file:///a/renderer/index.html'), 'geolocation', (ok) => results.push(ok), {});
    request(page('https://evil.example/'), 'media', (ok) => results.push(ok), {
      mediaTypes: ['audio'],
    });
    expect(results).toEqual([true, false, false, false]);
  });

  it('denies new windows, webviews and navigation away from the app', () => {
    const { app } = setup(null);
    const contents = new EventEmitter() as EventEmitter & {
      setWindowOpenHandler: ReturnType<typeof vi.fn>;
    };
    contents.setWindowOpenHandler = vi.fn();
    app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler.mock.calls[0]![0]()).toEqual({ action: 'deny' });
    const away = { preventDefault: vi.fn() };
    contents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const home = { preventDefault: vi.fn() };
    contents.emit('will-navigate', home, 'file:///a/renderer/index.html');
    expect(home.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });
});
