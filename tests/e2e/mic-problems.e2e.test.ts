import { afterEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { holdTalk, openApp, type RunningApp } from './support/app';
import { launchChromium } from './support/browser';
import { silentFixture } from './support/fixtures';

let browser: Browser | null = null;
let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  await browser?.close();
  app = null;
  browser = null;
});

async function pressAndReadNotice(): Promise<string> {
  await app!.page
    .locator('[data-testid=health-pill][data-state=ready]')
    .waitFor({ timeout: 10_000 });
  await holdTalk(app!.page);
  const notice = app!.page.getByTestId('notice');
  await notice.waitFor({ timeout: 8000 });
  await app!.page.mouse.up();
  return notice.innerText();
}

describe('microphone problems are explained, never silent', () => {
  it('permission denied', async () => {
    // No auto-accepting fake UI: the permission prompt is dismissed, as when a user says no.
    browser = await launchChromium({ micFile: silentFixture(), grantMedia: false });
    app = await openApp(browser);
    const text = await pressAndReadNotice();
    expect(text).toMatch(/Microphone permission denied/);
    expect(text).toMatch(/Allow it in your system settings/);
    expect(app.controller.snapshot().health.state).toBe('ready');
  });

  it('no microphone at all', async () => {
    browser = await launchChromium({ micFile: null });
    app = await openApp(browser);
    const text = await pressAndReadNotice();
    expect(text).toMatch(/No microphone found/);
  });

  it('a microphone that delivers only digital silence', async () => {
    browser = await launchChromium({ micFile: silentFixture() });
    app = await openApp(browser);
    const text = await pressAndReadNotice();
    expect(text).toMatch(/delivers only silence/);
    expect(text).toMatch(/Privacy & Security/);
  });
});
