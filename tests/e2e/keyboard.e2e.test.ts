import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openApp, type RunningApp } from './support/app';
import { launchChromium } from './support/browser';
import { speechFixture } from './support/fixtures';
import { MemoryDesktop } from './support/memory-desktop';
import { focused, openDialog, ready, typeMessage } from './support/views';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium({ micFile: speechFixture() });
});
afterAll(async () => {
  await browser?.close();
});

/** The views a header button opens: its test id and what shows inside the open dialog. */
const VIEWS = [
  { opener: 'open-history', inside: 'history' },
  { opener: 'toggle-inspector', inside: 'inspector' },
  { opener: 'open-assistant-settings', inside: 'assistant-settings' },
  { opener: 'open-settings', inside: 'settings-panel' },
];

/** Space on the focused element: a key press, as a keyboard user makes it. */
async function space(page: Page): Promise<void> {
  await page.keyboard.press('Space');
}

/** No voice turn started: main never listened and the simulator committed nothing. */
function expectNoTurn(app: RunningApp, turns: number[]): void {
  expect(app.states).not.toContain('listening');
  expect(turns).toEqual([]);
}

describe('the window by keyboard', () => {
  it('Space on a focused control presses it and starts no turn; Escape closes each view and gives the focus back', async () => {
    const app = await openApp(browser, { assistant: { desktop: new MemoryDesktop() } });
    const { page } = app;
    const turns: number[] = [];
    try {
      await ready(page);
      app.controller.embeddedSimulator!.on('turn-committed', (t) => turns.push(t.durationMs));

      for (const { opener, inside } of VIEWS) {
        await page.getByTestId(opener).focus();
        await space(page);
        await page.getByTestId(inside).waitFor({ timeout: 5000 });
        // The dialog took the focus.
        expect(await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]'))).toBe(
          true,
        );
        await page.keyboard.press('Escape');
        await expect.poll(() => openDialog(page).count()).toBe(0);
        expect(await focused(page)).toBe(opener);
      }

      // The connection details: a popover that closes on Escape, focus back on the pill.
      await page.getByTestId('health-pill').focus();
      await space(page);
      await page.getByTestId('health-details').waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('health-details').count()).toBe(0);
      expect(await focused(page)).toBe('health-pill');

      // "Close" in a view does the same as Escape.
      await page.getByTestId('open-history').click();
      await page.getByRole('button', { name: 'Close' }).click();
      await expect.poll(() => openDialog(page).count()).toBe(0);
      expect(await focused(page)).toBe('open-history');

      // A tab in the assistant settings, a checkbox in the connection settings.
      await page.getByTestId('open-assistant-settings').click();
      await page.getByTestId('tab-cost').focus();
      await space(page);
      await expect
        .poll(() => page.getByTestId('tab-cost').getAttribute('data-state'))
        .toBe('active');
      await page.keyboard.press('Escape');
      await page.getByTestId('open-settings').click();
      const sounds = page.getByRole('checkbox', { name: /Sounds when listening/ });
      const before = await sounds.isChecked();
      await sounds.focus();
      await space(page);
      expect(await sounds.isChecked()).toBe(!before);
      await page.keyboard.press('Escape');

      // An approval: Space on "Allow once" answers it.
      await typeMessage(page, 'Please copy to clipboard text=by-keyboard');
      await page.getByTestId('approve-once').waitFor({ timeout: 10_000 });
      await page.getByTestId('approve-once').focus();
      await space(page);
      await expect.poll(() => page.getByTestId('approval-prompt').count()).toBe(0);
      await expect
        .poll(() => page.getByTestId('tool-call').last().getAttribute('data-status'), {
          timeout: 10_000,
        })
        .toBe('done');
      await ready(page);

      // A reply's cost: Space opens its breakdown.
      const cost = page.getByTestId('turn-cost').last();
      await cost.locator('summary').focus();
      await space(page);
      await expect.poll(() => cost.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);

      // An inspector row: Space opens it.
      await page.getByTestId('toggle-inspector').click();
      const row = page.getByTestId('inspector-events').locator('details').first();
      await row.waitFor();
      await row.locator('summary').focus();
      await space(page);
      await expect.poll(() => row.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => openDialog(page).count()).toBe(0);

      expectNoTurn(app, turns);

      // Where no control has focus, Space still talks.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.down('Space');
      await page.locator('[data-testid=health-pill][data-state=listening]').waitFor();
      await page.waitForTimeout(800);
      await page.keyboard.up('Space');
      await expect.poll(() => turns.length, { timeout: 5000 }).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('Tab never leaves an open view, and the history returns the focus to the row it opened', async () => {
    const app = await openApp(browser);
    const { page } = app;
    try {
      await ready(page);
      await typeMessage(page, 'Keep this one.');
      await expect
        .poll(() => page.getByTestId('transcript').innerText(), { timeout: 10_000 })
        .toMatch(/Hark/);
      await ready(page);
      for (const { opener, inside } of VIEWS) {
        await page.getByTestId(opener).click();
        await page.getByTestId(inside).waitFor();
        for (const key of ['Tab', 'Shift+Tab']) {
          for (let i = 0; i < 25; i++) {
            await page.keyboard.press(key);
            const inDialog = await page.evaluate(
              () => !!document.activeElement?.closest('[role=dialog]'),
            );
            expect(inDialog, `${opener}: ${key} ×${i + 1} left the dialog`).toBe(true);
          }
        }
        await page.keyboard.press('Escape');
        await expect.poll(() => openDialog(page).count()).toBe(0);
      }

      await page.getByTestId('open-history').click();
      const title = page.getByTestId('history-list').locator('button.title').first();
      await title.click();
      await page.getByRole('button', { name: 'All conversations' }).click();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.classList.contains('title')))
        .toBe(true);
    } finally {
      await app.close();
    }
  });

  it('the first-run choice, made by keyboard, leaves the focus on the talk button', async () => {
    const app = await openApp(browser, { onboarded: false });
    const { page } = app;
    try {
      await page.getByTestId('use-simulator').focus();
      await space(page);
      await ready(page);
      await expect.poll(() => focused(page)).toBe('talk-button');
    } finally {
      await app.close();
    }
  });
});
