import type { App, Session, WebContents } from 'electron';

/** Is this URL one of our own renderer pages (the built file or the dev server)? */
export function isAppUrl(url: string, rendererOrigin: string | null): boolean {
  try {
    const parsed = new URL(url);
    if (rendererOrigin) return parsed.origin === rendererOrigin;
    return parsed.protocol === 'file:' && parsed.pathname.endsWith('/renderer/index.html');
  } catch {
    return false;
  }
}

/**
 * Hardening applied to every web contents the app ever creates: no new windows, no
 * navigation away from the app, and only the microphone may be granted — to our page.
 */
export function applySecurityPolicy(
  app: App,
  session: Session,
  rendererOrigin: string | null,
): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, rendererOrigin)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = (details as { mediaTypes?: string[] }).mediaTypes ?? [];
    const audioOnly = mediaTypes.every((type) => type === 'audio');
    callback(permission === 'media' && audioOnly && isTrusted(contents, rendererOrigin));
  });
  session.setPermissionCheckHandler((contents, permission) => {
    return permission === 'media' && contents !== null && isTrusted(contents, rendererOrigin);
  });
}

function isTrusted(contents: WebContents, rendererOrigin: string | null): boolean {
  return isAppUrl(contents.getURL(), rendererOrigin);
}
