import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DesktopActions } from '../../src/main/assistant/tools/desktop-actions';
import { openApp } from './support/app';
import { launchChromium } from './support/browser';

/** A browser that takes its time to open a page (a slow tool), clipboard in memory. */
class SlowDesktop implements DesktopActions {
  readonly opened: string[] = [];
  readClipboard(): string {
    return '';
  }
  writeClipboard(): void {}
  async openExternal(url: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    this.opened.push(url);
  }
  async pasteKeystroke(): Promise<void> {}
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Counts the oscillators the page starts: the working cue is two notes, nothing else beeps here. */
function countOscillators(): void {
  const counted = window as unknown as { oscillators: number };
  counted.oscillators = 0;
  const original = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    counted.oscillators++;
    return original.call(this);
  };
}

const oscillators = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { oscillators: number }).oscillators);

async function type(page: Page, text: string): Promise<void> {
  await page.getByTestId('message-input').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

describe('no dead air while a tool works', () => {
  it('plays the working cue once for a slow tool (and shows it working), never for a fast one', async () => {
    const desktop = new SlowDesktop();
    const app = await openApp(browser, { assistant: { desktop }, initScript: countOscillators });
    try {
      const { page } = app;
      await page.locator('[data-testid=health-pill][data-state=ready]').waitFor();
      await app.controller.saveSettings({ earcons: true }); // the "sounds" setting

      // Fast: the time answers at once.
      await type(page, 'What is the time? Use get current time.');
      await page.locator('[data-testid=tool-call][data-status=done]').waitFor({ timeout: 10_000 });
      await page.waitForTimeout(2_000);
      expect(await oscillators(page)).toBe(0);
      expect(await page.getByTestId('tool-working').count()).toBe(0);

      // Slow: opening the page takes 3 s after approval.
      await type(page, 'open url url=https://example.com/');
      await page.getByTestId('approve-once').click({ timeout: 10_000 });
      await page.getByTestId('tool-working').waitFor({ timeout: 5_000 });
      await expect
        .poll(() => page.getByTestId('tool-working').innerText())
        .toMatch(/^Still working… [12] s$/);
      await page.locator('[data-testid=tool-call][data-status=done]').nth(1).waitFor();
      expect(desktop.opened).toEqual(['https://example.com/']);
      expect(await page.getByTestId('tool-working').count()).toBe(0);
      await page.waitForTimeout(1_000);
      expect(await oscillators(page)).toBe(2); // one cue of two notes, not a loop
    } finally {
      await app.close();
    }
  });
});
