/**
 * The web preview against another page in the same browser: a local site on another
 * 127.0.0.1 port that tries to crash the preview and to learn its token.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HarkApi } from '../../src/shared/ipc';
import { BRIDGE_PATH } from '../../src/shared/web-bridge-protocol';
import { openApp } from './support/app';
import { launchChromium } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Another local web server: serves `html` and records every request it receives. */
async function otherLocalSite(
  html: string,
): Promise<{ origin: string; seen: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    seen.push({ ...request.headers, ':path': request.url ?? '' });
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

describe('the web preview and other pages in the same browser', () => {
  it('a local page can neither crash the preview nor learn or use its token', async () => {
    const app = await openApp(browser);
    const preview = app.preview.origin;
    const bridgeWithToken = `ws://127.0.0.1:${new URL(preview).port}/${app.preview.token}/${BRIDGE_PATH}`;
    const site = await otherLocalSite(`<!doctype html><title>elsewhere</title>
      <img src="${preview}//"><img src="${preview}/%ZZ"><img src="${preview}//evil.example/x">
      <iframe src="${preview}/"></iframe>
      <script>
        window.outcomes = {};
        const tryWs = (name, url) => new Promise((done) => {
          const ws = new WebSocket(url);
          ws.onopen = () => { window.outcomes[name] = 'open'; done(); };
          ws.onerror = () => { window.outcomes[name] = 'refused'; done(); };
        });
        window.done = Promise.all([
          fetch('${preview}//', { mode: 'no-cors' }).catch(() => undefined),
          fetch('${preview}/', { mode: 'no-cors', credentials: 'include' }).catch(() => undefined),
          tryWs('slashes', 'ws://127.0.0.1:${new URL(preview).port}//'),
          tryWs('tokenless', 'ws://127.0.0.1:${new URL(preview).port}/${BRIDGE_PATH}'),
          // Even knowing the token, another origin is refused by the Origin check.
          tryWs('leaked', '${bridgeWithToken}'),
        ]);
      </script>`);
    try {
      await app.page.locator('[data-testid=health-pill]').waitFor();
      const other = await browser.newPage();
      await other.goto(`${site.origin}/`);
      await other.evaluate(() => (window as unknown as { done: Promise<unknown> }).done);
      expect(
        await other.evaluate(() => (window as unknown as { outcomes: unknown }).outcomes),
      ).toEqual({ slashes: 'refused', tokenless: 'refused', leaked: 'refused' });
      await other.close();

      // No cookie anywhere, and nothing the other server saw carries the token.
      expect(await app.page.context().cookies()).toEqual([]);
      expect(site.seen.length).toBeGreaterThan(0);
      expect(JSON.stringify(site.seen)).not.toContain(app.preview.token);

      // The preview is alive, still guarded, and the open window still talks to it.
      expect((await fetch(`${preview}/`)).status).toBe(403);
      expect((await fetch(app.preview.url)).status).toBe(200);
      const state = await app.page.evaluate(() =>
        (window as unknown as { hark: HarkApi }).hark.getState(),
      );
      expect(state.settings.provider).toBe('simulator');
    } finally {
      await site.close();
      await app.close();
    }
  });

  it('a huge paste into a settings field gets an error in the window; the preview stays up', async () => {
    const app = await openApp(browser, { onboarded: false });
    try {
      const model = app.page.getByLabel('Model');
      const save = app.page.getByRole('button', { name: 'Save and connect' });
      // 70,000 characters reach main and are refused by the same validator as IPC.
      await model.fill('m'.repeat(70_000));
      await save.click();
      await expect.poll(() => app.page.getByRole('alert').innerText()).not.toBe('');
      await expect.poll(() => save.isEnabled()).toBe(true);
      // Over the bridge's frame limit: refused in the page, the socket is kept.
      await model.fill('m'.repeat(1_100_000));
      await save.click();
      await expect
        .poll(() => app.page.getByRole('alert').innerText())
        .toMatch(/too large for the preview bridge/);
      const state = await app.page.evaluate(() =>
        (window as unknown as { hark: HarkApi }).hark.getState(),
      );
      expect(state.settings.model).not.toMatch(/^m{100}/);
      expect((await fetch(`${app.preview.origin}/`)).status).toBe(403);
    } finally {
      await app.close();
    }
  });
});
