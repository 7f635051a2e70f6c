import type { Page } from 'playwright-core';

/** Shared steps for the window's e2e tests. */
export async function ready(page: Page, timeout = 10_000): Promise<void> {
  await page.locator('[data-testid=health-pill][data-state=ready]').waitFor({ timeout });
}

export async function typeMessage(page: Page, text: string): Promise<void> {
  await page.getByTestId('message-input').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

/** Hold Space (with no control focused) for `ms`, then release: one spoken turn. */
export async function speak(page: Page, ms = 2500): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.down('Space');
  await page.locator('[data-testid=health-pill][data-state=listening]').waitFor({ timeout: 5000 });
  await page.waitForTimeout(ms);
  await page.keyboard.up('Space');
}

/** The open view dialog (bits-ui Dialog content), if any. */
export const openDialog = (page: Page) => page.locator('[role=dialog]');

/** data-testid (or tag) of the focused element. */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el?.getAttribute('data-testid') ?? el?.tagName.toLowerCase() ?? 'none';
  });
}
