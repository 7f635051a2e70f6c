import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY,
  appFilePath,
  CONTENT_SECURITY_POLICY,
  serveAppRequest,
} from '../../../src/main/desktop/app-protocol';

const root = mkdtempSync(join(tmpdir(), 'hark-app-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Hark</title>');
writeFileSync(join(root, 'assets', 'capture.worklet-abc.js'), 'registerProcessor("c", class {})');
writeFileSync(join(root, 'assets', 'notes.txt'), 'not a type we serve');
writeFileSync(join(tmpdir(), 'hark-secret.html'), 'outside the renderer');

describe('the app:// scheme', () => {
  it('maps our URLs to files inside the renderer folder', () => {
    expect(appFilePath(root, APP_ENTRY)).toBe(join(root, 'index.html'));
    expect(appFilePath(root, 'app://hark/')).toBe(join(root, 'index.html'));
    expect(appFilePath(root, 'app://hark/index.html#mini')).toBe(join(root, 'index.html'));
    expect(appFilePath(root, 'app://hark/assets/capture.worklet-abc.js?x=1')).toBe(
      join(root, 'assets', 'capture.worklet-abc.js'),
    );
  });

  it('refuses other hosts, other schemes and every way out of the folder', () => {
    for (const url of [
      'app://other/index.html',
      'app://hark.evil/index.html',
      'file:///etc/passwd',
      'https://hark/index.html',
      'app://hark/../hark-secret.html',
      'app://hark/%2e%2e/hark-secret.html',
      'app://hark/assets/%2e%2e%2f%2e%2e%2fhark-secret.html',
      'app://hark/assets/..%5c..%5chark-secret.html',
      'app://hark/index.html%00.js',
      'app://hark/%E0%A4%A',
      'not a url',
    ]) {
      const file = appFilePath(root, url);
      if (file !== null) expect(file.startsWith(root + '/'), `${url} → ${file}`).toBe(true);
      else expect(file).toBeNull();
    }
    // A decoded "../" that survives URL parsing is refused outright.
    expect(appFilePath(root, 'app://hark/assets/..%2f..%2fhark-secret.html')).toBeNull();
  });

  it('serves pages with the CSP header, scripts (AudioWorklet modules) with their type', async () => {
    const page = await serveAppRequest(root, APP_ENTRY);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<title>Hark</title>');
    const worklet = await serveAppRequest(root, 'app://hark/assets/capture.worklet-abc.js');
    expect(worklet.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(worklet.headers.get('x-content-type-options')).toBe('nosniff');
    for (const url of [
      'app://hark/missing.js',
      'app://hark/assets/notes.txt',
      'app://hark/../hark-secret.html',
      'app://evil/index.html',
    ]) {
      expect((await serveAppRequest(root, url)).status, url).toBe(404);
    }
  });

  it('the CSP allows only our own code and no network', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|ws:|\*/);
  });
});
