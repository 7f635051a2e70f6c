import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DesktopActions } from '../../src/main/assistant/tools/desktop-actions';
import { openApp } from './support/app';
import { launchChromium } from './support/browser';
import { outputDir } from './support/fixtures';

/** The desktop as the tools see it, kept in memory (the Electron adapter is tested apart). */
class MemoryDesktop implements DesktopActions {
  clipboard = 'what the user had copied';
  readonly opened: string[] = [];
  readClipboard(): string {
    return this.clipboard;
  }
  writeClipboard(text: string): void {
    this.clipboard = text;
  }
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
  async pasteKeystroke(): Promise<void> {}
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(outputDir, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function ready(page: Page): Promise<void> {
  await page.locator('[data-testid=health-pill][data-state=ready]').waitFor({ timeout: 10_000 });
}

async function type(page: Page, text: string): Promise<void> {
  await page.getByTestId('message-input').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

describe('the assistant', () => {
  it('asks before a tool acts, runs it once approved, and shows the result and the cost', async () => {
    const desktop = new MemoryDesktop();
    const app = await openApp(browser, { assistant: { desktop } });
    try {
      await ready(app.page);
      // The simulator calls a declared tool named in the message (its documented rule).
      await type(app.page, 'Please copy to clipboard text=hello-from-hark');
      const prompt = app.page.getByTestId('approval-prompt');
      await prompt.waitFor({ timeout: 10_000 });
      await expect
        .poll(() => app.page.getByTestId('approval-summary').innerText())
        .toBe('Copy “hello-from-hark” to your clipboard (15 characters)');
      // Nothing happened yet: the clipboard is untouched until the user says yes.
      expect(desktop.clipboard).toBe('what the user had copied');
      // The question takes the focus, so keyboard users meet it at once.
      await expect
        .poll(() => app.page.evaluate(() => document.activeElement?.id))
        .toBe('approval-title');
      await app.page.screenshot({ path: join(outputDir, 'tool-approval.png') });
      await app.page.getByTestId('approve-once').click();

      const call = app.page.locator('[data-testid=tool-call][data-status=done]');
      await call.waitFor({ timeout: 10_000 });
      expect(desktop.clipboard).toBe('hello-from-hark');
      await expect
        .poll(() => call.innerText())
        .toMatch(/Copy “hello-from-hark” to your clipboard.*→ Copied\./s);
      // The follow-up reply reads the tool's output, and its cost is shown under it.
      await expect
        .poll(() => app.page.getByTestId('transcript').innerText(), { timeout: 10_000 })
        .toMatch(/copy_to_clipboard tool returned/);
      await expect
        .poll(() => app.page.getByTestId('turn-cost').last().innerText(), { timeout: 10_000 })
        .toMatch(/^\$\d+\.\d+ · [\d,]+ tokens/);
      await expect.poll(() => prompt.count()).toBe(0);

      // The session total sits in the pill's details.
      await app.page.getByTestId('health-pill').click();
      await expect
        .poll(() => app.page.getByTestId('session-cost').innerText())
        .toMatch(/^\$\d+\.\d+, [1-9]\d* repl/);
      await app.page.screenshot({ path: join(outputDir, 'tool-result-cost.png') });
      await app.page.keyboard.press('Escape');

      // Denied: the tool does not run and the model is told so.
      await type(app.page, 'open url url=https://example.com/');
      await app.page.getByTestId('approve-deny').click({ timeout: 10_000 });
      await app.page.locator('[data-testid=tool-call][data-status=denied]').waitFor();
      expect(desktop.opened).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('tells the time without asking; the inspector shows the turn, filtered, with audio elided', async () => {
    const app = await openApp(browser, { viewport: { width: 900, height: 760 } });
    try {
      await ready(app.page);
      await type(app.page, 'What is the time? Use get current time.');
      await app.page
        .locator('[data-testid=tool-call][data-status=done]')
        .waitFor({ timeout: 10_000 });
      expect(await app.page.getByTestId('approval-prompt').count()).toBe(0);
      await expect
        .poll(() => app.page.getByTestId('transcript').innerText(), { timeout: 10_000 })
        .toMatch(/get_current_time tool returned/);
      await ready(app.page);

      await app.page.getByTestId('health-pill').click();
      await app.page.getByTestId('open-inspector').click();
      const events = app.page.getByTestId('inspector-events');
      await expect
        .poll(() => events.innerText(), { timeout: 5000 })
        .toMatch(
          /session\.update[\s\S]*response\.function_call_arguments\.done[\s\S]*response\.done/,
        );
      await app.page.getByTestId('inspector-filter').fill('response.output_audio.delta');
      const first = events.locator('li').first();
      await first.locator('summary').click();
      await expect.poll(() => first.locator('pre').innerText()).toMatch(/audio elided/);
      await app.page.getByTestId('inspector-filter').fill('function_call conversation.item.create');
      await expect.poll(() => events.locator('li').count()).toBeGreaterThan(0);
      const types = await events.locator('code.type').allInnerTexts();
      expect(types.every((t) => /function_call|conversation\.item\.create/.test(t))).toBe(true);
      await app.page.screenshot({ path: join(outputDir, 'inspector.png') });
      const exported = await app.page.evaluate(() =>
        (
          window as unknown as { hark: { inspectorExport(): Promise<string> } }
        ).hark.inspectorExport(),
      );
      const lines = exported.trim().split('\n');
      expect(JSON.parse(lines[0]!)).toMatchObject({ hark_event_log: 1 });
      expect(exported).not.toMatch(/"audio":"[A-Za-z0-9+/]{200,}/);
    } finally {
      await app.close();
    }
  });
});
