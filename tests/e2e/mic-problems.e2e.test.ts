import { afterEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { holdTalk, openApp, type RunningApp } from './support/app';
import { launchChromium } from './support/browser';
import { silentFixture, speechFixture } from './support/fixtures';

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

  it('a microphone unplugged mid-turn: explained, and what was said is still sent', async () => {
    browser = await launchChromium({ micFile: speechFixture() });
    // Test instrumentation: keep the app's tracks so the test can "unplug" one (a real
    // unplug ends the track with an 'ended' event, which is what the app listens to).
    app = await openApp(browser, {
      initScript: () => {
        const tracks: MediaStreamTrack[] = [];
        (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks = tracks;
        const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = async (constraints) => {
          const stream = await original(constraints);
          tracks.push(...stream.getAudioTracks());
          return stream;
        };
      },
    });
    const { page, controller } = app;
    await page.locator('[data-testid=health-pill][data-state=ready]').waitFor({ timeout: 10_000 });
    const turns: number[] = [];
    controller.embeddedSimulator!.on('turn-committed', (t) => turns.push(t.durationMs));
    await holdTalk(page);
    await page.getByText('● live').waitFor({ timeout: 5000 });
    await page.waitForTimeout(1500);
    await page.evaluate(() => {
      const track = (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.at(-1)!;
      track.stop();
      track.dispatchEvent(new Event('ended'));
    });
    const notice = page.getByTestId('notice');
    await expect
      .poll(() => notice.innerText(), { timeout: 5000 })
      .toMatch(/Microphone disconnected/);
    await page.mouse.up();
    await expect.poll(() => turns.length, { timeout: 5000 }).toBe(1);
    expect(turns[0]).toBeGreaterThan(1000);
  });
});
