import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatCost } from '../../src/shared/assistant-format';
import { holdTalk, openApp, type RunningApp } from './support/app';
import { launchChromium } from './support/browser';
import { speechFixture } from './support/fixtures';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium({ micFile: speechFixture() });
});
afterAll(async () => {
  await browser?.close();
});

async function ready(page: Page): Promise<void> {
  await page.locator('[data-testid=health-pill][data-state=ready]').waitFor({ timeout: 15_000 });
}

async function type(page: Page, text: string): Promise<void> {
  await page.getByTestId('message-input').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

/** Every cost line the transcript shows, as the exact dollars it carries. */
function shownCosts(page: Page): Promise<number[]> {
  return page.$$eval('[data-testid=transcript] [data-testid=turn-cost]', (lines) =>
    lines.map((line) => Number(line.getAttribute('data-cost'))),
  );
}

/**
 * After `responses` billed replies in all: one cost line per reply, and the lines add up to
 * the conversation's total (the one the pill's details show).
 */
async function expectReconciled(app: RunningApp, responses: number): Promise<void> {
  await expect
    .poll(() => app.controller.assistant.status().responses, { timeout: 15_000 })
    .toBe(responses);
  await expect.poll(async () => (await shownCosts(app.page)).length).toBe(responses);
  const costs = await shownCosts(app.page);
  expect(costs.every((c) => Number.isFinite(c) && c > 0)).toBe(true);
  const total = app.controller.assistant.status().sessionCost!;
  expect(costs.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 12);
  await ready(app.page);
}

describe('costs', () => {
  it('every billed reply shows its cost, and the lines sum to the total — typed, spoken, tool-only, and after Continue', async () => {
    const app = await openApp(browser, {
      viewport: { width: 480, height: 760 },
      transcribe: () => 'Hello Hark, how are you?',
    });
    const { page } = app;
    try {
      await ready(page);

      // A typed turn: one reply.
      await type(page, 'Tell me something nice.');
      await expectReconciled(app, 1);

      // A spoken turn: one reply.
      await holdTalk(page);
      await page.getByText('● live').waitFor({ timeout: 5000 });
      await page.waitForTimeout(1200);
      await page.mouse.up();
      await expectReconciled(app, 2);

      // A turn that makes the model call a tool: a reply with only the call (billed, shown on
      // the call), then the follow-up with the tool's result.
      await type(page, 'What does get_current_time say?');
      await expectReconciled(app, 4);
      const toolCost = page.locator('[data-testid=tool-call] [data-testid=turn-cost]');
      expect(await toolCost.count()).toBe(1);

      // The total as the details show it: the same sum.
      const costs = await shownCosts(page);
      await page.getByTestId('health-pill').click();
      await expect
        .poll(() => page.getByTestId('session-cost').innerText())
        .toContain(formatCost(costs.reduce((a, b) => a + b, 0)));
      await page.keyboard.press('Escape');

      // Continue the conversation from the history: a new bill; the restored replies keep
      // no cost, and new costs never land on them.
      await page.getByTestId('open-history').click();
      await page
        .getByRole('button', { name: /^Continue “/ })
        .first()
        .click();
      await expect
        .poll(() => page.getByTestId('transcript').innerText(), { timeout: 10_000 })
        .toMatch(/Tell me something nice\./);
      await ready(page);
      expect(await shownCosts(page)).toEqual([]);
      await type(page, 'And one more thing.');
      await expectReconciled(app, 1);
      await type(page, 'Ask get_current_time again.');
      await expectReconciled(app, 3);
      // Everything above the first new turn was restored: none of it carries a cost.
      const restoredCosts = await page.$$eval('[data-testid=transcript] article', (articles) => {
        const firstNew = articles.findIndex((a) =>
          /And one more thing\./.test(a.textContent ?? ''),
        );
        return articles
          .slice(0, firstNew)
          .filter((a) => a.querySelector('[data-testid=turn-cost]') !== null).length;
      });
      expect(restoredCosts).toBe(0);
    } finally {
      await app.close();
    }
  });
});
