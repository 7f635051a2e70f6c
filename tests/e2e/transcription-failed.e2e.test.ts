import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { holdTalk, openApp } from './support/app';
import { launchChromium } from './support/browser';
import { speechFixture } from './support/fixtures';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium({ micFile: speechFixture() });
});
afterAll(async () => {
  await browser?.close();
});

describe('a turn the service could not transcribe', () => {
  it('is marked in the live transcript with the reason, and the reply still plays', async () => {
    // The simulator's transcriber throws: it sends input_audio_transcription.failed, as the
    // service does for audio it cannot make out.
    const app = await openApp(browser, {
      transcribe: () => {
        throw new Error('Audio could not be transcribed (simulated)');
      },
    });
    try {
      const { page } = app;
      await page.locator('[data-testid=health-pill][data-state=ready]').waitFor();
      await holdTalk(page);
      await page.getByText('● live').waitFor({ timeout: 5000 });
      await page.waitForTimeout(1200);
      await page.mouse.up();
      const failed = page.getByTestId('transcription-failed');
      await failed.waitFor({ timeout: 10_000 });
      expect(await failed.textContent()).toMatch(/could not be transcribed.*simulated/s);
      // The reply is unaffected: the pill goes back to Ready after responding.
      await page
        .locator('[data-testid=health-pill][data-state=ready]')
        .waitFor({ timeout: 15_000 });
      expect(app.states).toContain('responding');
    } finally {
      await app.close();
    }
  });
});
