import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openApp } from './support/app';
import { launchChromium } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function type(page: Page, text: string): Promise<void> {
  await page.getByTestId('message-input').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

const entries = (page: Page) => page.getByTestId('memory-entry').allInnerTexts();

describe('remember that', () => {
  it('remembers by tool call and by hand, shows each change with Undo, lists, edits and deletes', async () => {
    const app = await openApp(browser, { viewport: { width: 480, height: 900 } });
    try {
      const { page } = app;
      await page.locator('[data-testid=health-pill][data-state=ready]').waitFor();
      // The model calls `remember` (the simulator calls the tool the message names).
      await type(page, 'Please remember fact="Has a cat called Miso"');
      const notice = page.getByTestId('memory-notice');
      await expect
        .poll(() => notice.innerText(), { timeout: 10_000 })
        .toMatch(/Hark will remember “Has a cat called Miso”\./);
      expect(app.controller.assistant.memory.entries.map((e) => e.text)).toEqual([
        'Has a cat called Miso',
      ]);
      // Undo from the notice: gone again.
      await page.getByTestId('memory-undo').click();
      await expect.poll(() => notice.innerText()).toMatch(/^Undone/);
      expect(app.controller.assistant.memory.entries).toEqual([]);

      // ✦ → Memory: add by hand, edit, delete, undo the delete.
      await page.getByTestId('open-assistant-settings').click();
      await page.getByTestId('tab-memory').click(); // ✦ is in tabs: Memory has its own
      const settings = page.getByTestId('memory-settings');
      await settings.getByTestId('memory-add-text').fill('Prefers metric units');
      await settings.getByRole('button', { name: 'Remember' }).click();
      await expect
        .poll(() => entries(page))
        .toEqual([expect.stringMatching(/^Prefers metric units/)]);
      await settings.getByRole('button', { name: 'Edit “Prefers metric units”' }).click();
      await settings.getByLabel('Edit memory').fill('Prefers metric units and 24-hour time');
      await settings.getByRole('button', { name: 'Save' }).click();
      await expect
        .poll(() => entries(page))
        .toEqual([expect.stringMatching(/^Prefers metric units and 24-hour time/)]);
      await settings
        .getByRole('button', { name: 'Delete “Prefers metric units and 24-hour time”' })
        .click();
      await expect.poll(() => entries(page)).toEqual([]);
      // The Undo for a change made in ✦ is in the dialog (the window behind it is inert).
      await page.getByRole('dialog').getByTestId('memory-undo').click();
      await expect.poll(() => entries(page)).toHaveLength(1);
      // The off switch is kept in main.
      await settings.getByTestId('memory-enabled').uncheck();
      await expect.poll(() => app.controller.assistant.memory.enabled).toBe(false);
    } finally {
      await app.close();
    }
  });
});
