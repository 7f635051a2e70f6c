import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openApp } from './support/app';
import { axeViolations, type AxeViolation } from './support/axe';
import { launchChromium } from './support/browser';
import { outputDir, speechFixture } from './support/fixtures';
import { MemoryDesktop } from './support/memory-desktop';
import { pasteFile } from './support/paste';
import { testPng } from '../simulator/support/images';
import { openDialog, ready, speak, typeMessage } from './support/views';

/**
 * axe-core (WCAG 2.1 A and AA) on every view of the window, light and dark, in a narrow
 * (420×640) and a wide (1280×800) window: no violation anywhere. One page per app: the
 * views are opened in turn, and each is checked at both sizes in both schemes.
 */
const SIZES = [
  { width: 420, height: 640 },
  { width: 1280, height: 800 },
];
const SCHEMES = ['light', 'dark'] as const;
const results = new Map<string, AxeViolation[]>();

async function sweep(page: Page, view: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(50); // let the new scheme's styles settle
      results.set(`${view} · ${scheme} · ${size.width}×${size.height}`, await axeViolations(page));
    }
  }
  await page.setViewportSize(SIZES[0]!);
  await page.emulateMedia({ colorScheme: 'light' });
}

/** A screenshot for the test output; with HARK_UPDATE_DOCS=1 also for the docs. */
async function shot(page: Page, name: string): Promise<void> {
  const path = join(outputDir, name);
  await page.screenshot({ path });
  if (process.env.HARK_UPDATE_DOCS) copyFileSync(path, join(process.cwd(), 'docs', name));
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium({ micFile: speechFixture() });
  mkdirSync(outputDir, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  // The per-view counts, for docs/accessibility.md.
  const counts = Object.fromEntries([...results].map(([view, v]) => [view, v.length]));
  writeFileSync(join(outputDir, 'axe-counts.json'), `${JSON.stringify(counts, null, 2)}\n`);
});

describe('axe-core finds no WCAG 2.1 A/AA violation', () => {
  it('on the first run: the keyless path first, the header buttons not offered yet', async () => {
    const app = await openApp(browser, { onboarded: false });
    try {
      await app.page.getByTestId('settings-panel').waitFor();
      expect(await app.page.getByTestId('open-history').count()).toBe(0);
      expect(await app.page.getByTestId('health-pill').innerText()).toMatch(/Not set up/);
      // The simulator choice is in the first screenful, at both sizes.
      for (const size of SIZES) {
        await app.page.setViewportSize(size);
        const box = (await app.page.getByTestId('use-simulator').boundingBox())!;
        expect(box.y + box.height).toBeLessThanOrEqual(size.height);
      }
      await sweep(app.page, 'first run');
    } finally {
      await app.close();
    }
    expectClean('first run');
  });

  it('in every view of a running app', async () => {
    const app = await openApp(browser, { assistant: { desktop: new MemoryDesktop() } });
    const { page } = app;
    try {
      await ready(page);
      await sweep(page, 'ready');

      await speak(page);
      await page.locator('[data-testid=health-pill][data-state=responding]').waitFor();
      await ready(page, 15_000);
      await expect.poll(() => page.getByTestId('turn-cost').count()).toBeGreaterThan(0);
      await sweep(page, 'after a spoken turn');

      await typeMessage(page, 'What is a haiku?');
      await expect
        .poll(() => page.getByTestId('transcript').innerText(), { timeout: 10_000 })
        .toMatch(/What is a haiku\?[\s\S]*Hark/);
      await ready(page);
      await sweep(page, 'after a typed turn');

      await typeMessage(page, 'Please copy to clipboard text=hello-from-hark');
      await page.getByTestId('approval-prompt').waitFor({ timeout: 10_000 });
      await sweep(page, 'approval');
      // Narrow, with an approval open: the talk button is still on screen.
      const talk = (await page.getByTestId('talk-button').boundingBox())!;
      expect(talk.y + talk.height).toBeLessThanOrEqual(640);
      await shot(page, 'narrow-approval-after.png');
      await page.setViewportSize({ width: 1280, height: 800 });
      await shot(page, 'tool-approval.png');
      await page.setViewportSize(SIZES[0]!);
      await page.getByTestId('approve-once').click();
      await expect
        .poll(() => page.getByTestId('tool-call').last().getAttribute('data-status'), {
          timeout: 10_000,
        })
        .toBe('done');
      await ready(page);

      // "Look at this": the approval shows the pasted image itself.
      await pasteFile(page, testPng(480, 300, [40, 90, 160]).bytes, 'image/png', 'pasted.png');
      await page.getByTestId('approval-image').waitFor({ timeout: 10_000 });
      await sweep(page, 'image approval');
      await page.getByTestId('approve-deny').click();
      await expect.poll(() => page.getByTestId('approval-prompt').count()).toBe(0);

      await page.getByTestId('health-pill').click();
      await page.getByTestId('health-details').waitFor();
      await sweep(page, 'health details');
      await page.setViewportSize({ width: 1280, height: 800 });
      await shot(page, 'tool-result-cost.png');
      await page.setViewportSize(SIZES[0]!);
      await page.keyboard.press('Escape');

      await page.getByTestId('open-history').click();
      await page.getByTestId('history-list').waitFor();
      await sweep(page, 'history list');
      await page.getByTestId('history-list').locator('button.title').first().click();
      await page.getByRole('button', { name: 'All conversations' }).waitFor();
      await sweep(page, 'history detail');
      await page.keyboard.press('Escape');
      await expect.poll(() => openDialog(page).count()).toBe(0);

      await page.getByTestId('toggle-inspector').click();
      await expect
        .poll(() => page.getByTestId('inspector-events').locator('li').count())
        .toBeGreaterThan(0);
      await sweep(page, 'inspector');
      await page.keyboard.press('Escape');

      await page.getByTestId('open-assistant-settings').click();
      for (const tab of ['voice', 'listening', 'cost', 'tools', 'memory']) {
        await page.getByTestId(`tab-${tab}`).click();
        await sweep(page, `assistant settings: ${tab}`);
        if (tab === 'cost') {
          await page.setViewportSize({ width: 1280, height: 800 });
          await shot(page, 'settings.png');
          await page.setViewportSize(SIZES[0]!);
        }
      }
      await page.keyboard.press('Escape');

      await page.getByTestId('open-settings').click();
      await page.getByTestId('connected-now').waitFor();
      await sweep(page, 'connection settings');
      await page.keyboard.press('Escape');

      await page.setViewportSize({ width: 1280, height: 800 });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.mouse.move(0, 0);
      await page.waitForTimeout(300); // the ⚙ tooltip fades
      await shot(page, 'dark-mode.png');
    } finally {
      await app.close();
    }
    expectClean();
    // 15 views × 4 axe runs: about a minute on a quiet 2-core machine.
  }, 180_000);
});

/** Every result so far (or those of one view) without a violation, listed if not. */
function expectClean(view?: string): void {
  const failing = [...results]
    .filter(([name, v]) => v.length > 0 && (!view || name.startsWith(view)))
    .map(
      ([name, v]) =>
        `${name}:\n${v.map((x) => `  ${x.rule} (${x.impact}) ${x.nodes.join('\n    ')}`).join('\n')}`,
    );
  expect(failing.join('\n')).toBe('');
}
