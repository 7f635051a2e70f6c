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

describe('words to hear correctly (the transcription vocabulary)', () => {
  it('is entered beside the language, reaches session.update, and the simulator hears with it', async () => {
    const app = await openApp(browser, { viewport: { width: 480, height: 760 } });
    try {
      const { page } = app;
      await page.locator('[data-testid=health-pill][data-state=ready]').waitFor();
      await page.getByTestId('open-assistant-settings').click();
      await page.getByTestId('tab-listening').click(); // ✦ is in tabs: the field is under Listening
      await page.getByTestId('vocabulary').fill('Wojciech, Kubernetes');
      await page.getByTestId('assistant-save').click();
      await expect.poll(() => page.getByTestId('assistant-settings').innerText()).toMatch(/saved/i);
      await page.getByRole('button', { name: 'Close' }).click();
      // The new session (a rollover between turns) carries the prompt.
      await expect
        .poll(
          async () =>
            (
              await page.evaluate(() =>
                (
                  window as unknown as {
                    hark: { inspectorList(): Promise<{ type: string; json: string }[]> };
                  }
                ).hark.inspectorList(),
              )
            ).some(
              (e) =>
                e.type === 'session.update' && e.json.includes('"prompt":"Wojciech, Kubernetes"'),
            ),
          { timeout: 15_000 },
        )
        .toBe(true);
      await page.locator('[data-testid=health-pill][data-state=ready]').waitFor();
      await holdTalk(page);
      await page.getByText('● live').waitFor({ timeout: 5000 });
      await page.waitForTimeout(1200);
      await page.mouse.up();
      await expect
        .poll(() => page.getByTestId('transcript').innerText(), { timeout: 10_000 })
        .toMatch(/vocabulary: Wojciech, Kubernetes\]/);
    } finally {
      await app.close();
    }
  });
});
