import { mkdirSync, readFileSync } from 'node:fs';
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
  readClipboard(): string {
    return this.clipboard;
  }
  writeClipboard(text: string): void {
    this.clipboard = text;
  }
  async openExternal(): Promise<void> {}
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

/** window.hark, as the page sees it. */
type Hark = {
  inspectorList(): Promise<{ type: string }[]>;
};

describe('the assistant’s views', () => {
  it('shows the whole multi-line text to approve, hidden characters marked, and copies exactly it', async () => {
    const desktop = new MemoryDesktop();
    const app = await openApp(browser, {
      assistant: { desktop },
      viewport: { width: 480, height: 760 },
    });
    try {
      await ready(app.page);
      // The simulator takes the tool's arguments from JSON in the message (its documented rule).
      await type(
        app.page,
        'Please copy to clipboard {"text": "Dear Ann,\\n\\nthe review moved to 3 pm (room 4.12).\\nPlease bring the notes.\\n\\nSee you there,\\nBo\\ninvoice\\u202Etxt.exe\\u200B"}',
      );
      const expected =
        'Dear Ann,\n\nthe review moved to 3 pm (room 4.12).\nPlease bring the notes.\n\nSee you there,\nBo\ninvoice\u202Etxt.exe\u200B';
      const block = app.page.getByTestId('revealed-text');
      await block.waitFor({ timeout: 10_000 });
      // Every line, in its own line; the override and the zero-width space as marks.
      expect(await block.innerText()).toBe(
        'Dear Ann,\n\nthe review moved to 3 pm (room 4.12).\nPlease bring the notes.\n\nSee you there,\nBo\ninvoiceU+202Etxt.exeU+200B',
      );
      expect(await block.evaluate((el) => /[\u202E\u200B]/.test(el.textContent ?? ''))).toBe(false);
      await expect
        .poll(() => app.page.getByTestId('hidden-characters').innerText())
        .toMatch(/2 characters would not show as themselves/);
      expect(await app.page.getByTestId('approval-summary').innerText()).toMatch(
        /^Copy “Dear Ann,↵↵the review.*” to your clipboard \(8 lines, \d+ characters, 2 of them invisible or direction-changing\)$/,
      );
      // The block scrolls by keyboard (it is focusable and labelled).
      expect(await block.getAttribute('tabindex')).toBe('0');
      expect(await block.getAttribute('aria-label')).toBe('Text to copy');
      await app.page.screenshot({ path: join(outputDir, 'approval-multiline.png') });
      await app.page.getByTestId('approve-once').click();
      await app.page
        .locator('[data-testid=tool-call][data-status=done]')
        .waitFor({ timeout: 10_000 });
      expect(desktop.clipboard).toBe(expected);
    } finally {
      await app.close();
    }
  });

  it('the inspector’s own view (#inspector) shows only the inspector, live', async () => {
    const app = await openApp(browser);
    const inspector = await browser.newPage({ viewport: { width: 760, height: 620 } });
    try {
      await ready(app.page);
      await inspector.goto(`${app.preview.url}#inspector`);
      const events = inspector.getByTestId('inspector-events');
      await events.waitFor();
      // Nothing else: no talk button, no transcript, no way back to a conversation.
      expect(await inspector.getByTestId('talk-button').count()).toBe(0);
      expect(await inspector.getByTestId('transcript').count()).toBe(0);
      expect(await inspector.getByRole('button', { name: 'Back' }).count()).toBe(0);
      expect(await inspector.title()).toBe('Hark — event inspector');
      // A turn in the main window appears in it without reloading.
      await type(app.page, 'What is the time? Use get current time.');
      await expect
        .poll(() => events.innerText(), { timeout: 10_000 })
        .toMatch(/response\.function_call_arguments\.done[\s\S]*response\.done/);
      await inspector.screenshot({ path: join(outputDir, 'inspector-window.png') });
      // Where windows cannot be opened (this web preview), the panel offers none.
      await app.page.getByTestId('toggle-inspector').click();
      await app.page.getByTestId('inspector').waitFor();
      expect(await app.page.getByTestId('inspector-open-window').count()).toBe(0);
    } finally {
      await inspector.close();
      await app.close();
    }
  });

  it('plays a sample of the chosen voice and says what it cost (the simulator: free)', async () => {
    const app = await openApp(browser, {
      initScript: () => {
        // Count what reaches the speaker: started buffer sources and their length.
        const started: number[] = [];
        (window as unknown as { samplesStarted: number[] }).samplesStarted = started;
        const original = AudioBufferSourceNode.prototype.start;
        AudioBufferSourceNode.prototype.start = function (...args) {
          started.push(this.buffer?.duration ?? 0);
          return original.apply(this, args);
        };
      },
    });
    try {
      await ready(app.page);
      await app.page.getByTestId('open-assistant-settings').click();
      await app.page.locator('select[aria-describedby=voice-note]').selectOption('ash');
      const button = app.page.getByTestId('voice-preview');
      await expect.poll(() => button.innerText()).toBe('▶ Preview ash');
      await button.click();
      const status = app.page.getByTestId('voice-preview-status');
      await expect
        .poll(() => status.innerText(), { timeout: 10_000 })
        .toBe('Played ash (from the simulator, free).');
      const started = await app.page.evaluate(
        () => (window as unknown as { samplesStarted: number[] }).samplesStarted,
      );
      expect(started).toHaveLength(1);
      expect(started[0]).toBeGreaterThan(0.1);
      // Again: from memory, nothing asked of the service.
      await button.click();
      await expect
        .poll(() => status.innerText(), { timeout: 10_000 })
        .toBe('Played ash (played again from memory, free).');
    } finally {
      await app.close();
    }
  });

  it('keeps the conversation in the history: listed after a turn, reopened, exported as Markdown', async () => {
    const app = await openApp(browser, { viewport: { width: 480, height: 760 } });
    try {
      await ready(app.page);
      await type(app.page, 'Remind me what a haiku is.');
      await expect
        .poll(() => app.page.getByTestId('transcript').innerText(), { timeout: 10_000 })
        .toMatch(/Hark[\s\S]+/);
      await ready(app.page);
      await app.page.getByTestId('open-history').click();
      const list = app.page.getByTestId('history-list');
      await expect.poll(() => list.locator('li').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      const item = list.locator('li').first();
      await expect.poll(() => item.innerText()).toMatch(/Remind me what a haiku is/);

      // Read it.
      await item.locator('button.title').click();
      const opened = app.page.locator('article.conversation');
      await expect.poll(() => opened.innerText()).toMatch(/You\s*Remind me what a haiku is\./);
      await expect.poll(() => opened.innerText()).toMatch(/Hark\s*\S+/);
      await app.page.getByRole('button', { name: 'All conversations' }).click();

      // Export: the file the browser saves.
      const [download] = await Promise.all([
        app.page.waitForEvent('download'),
        app.page.getByRole('button', { name: /^Export “Remind me what a haiku is/ }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^remind-me-what-a-haiku-is.*\.md$/);
      const file = join(outputDir, 'history-export.md');
      await download.saveAs(file);
      const markdown = readFileSync(file, 'utf8');
      expect(markdown).toMatch(/^# Remind me what a haiku is/m);
      expect(markdown).toMatch(/^\*\*You\*\* \([^)]*\): Remind me what a haiku is\.$/m);
      expect(markdown).toMatch(/^\*\*Hark\*\* \([^)]*\): \S+/m);

      // Continue it: the transcript shows it again, and the session is seeded with it.
      await app.page.getByRole('button', { name: /^Continue “Remind me what a haiku is/ }).click();
      await expect
        .poll(() => app.page.getByTestId('transcript').innerText(), { timeout: 10_000 })
        .toMatch(/Remind me what a haiku is\./);
      await ready(app.page);
    } finally {
      await app.close();
    }
  });

  it('adds an MCP server in the settings; its call is approved in the prompt and the result shows', async () => {
    const app = await openApp(browser, { viewport: { width: 480, height: 760 } });
    try {
      await ready(app.page);
      await app.page.getByTestId('open-assistant-settings').click();
      await app.page.getByTestId('tab-tools').click();
      await app.page.getByLabel('Label').fill('docs');
      await app.page.getByLabel('URL (https)').fill('https://mcp.example.com/sse');
      await app.page.getByRole('button', { name: 'Add server' }).click();
      await expect
        .poll(() => app.page.getByTestId('assistant-settings').innerText())
        .toMatch(/MCP server added/);
      await app.page.getByRole('button', { name: 'Close' }).click();

      // The next session declares it (a quiet rollover between turns): the simulator lists its tools.
      await expect
        .poll(
          async () =>
            (
              await app.page.evaluate(() =>
                (window as unknown as { hark: Hark }).hark.inspectorList(),
              )
            ).some((e) => e.type === 'mcp_list_tools.completed'),
          { timeout: 15_000 },
        )
        .toBe(true);
      await ready(app.page);

      await type(app.page, 'Use echo with text=hello-from-mcp please.');
      const prompt = app.page.getByTestId('approval-prompt');
      await prompt.waitFor({ timeout: 10_000 });
      expect(await app.page.getByTestId('approval-summary').innerText()).toMatch(
        /^Use “echo” on docs with \{"text":"hello-from-mcp"\}/,
      );
      expect(await app.page.getByTestId('revealed-text').innerText()).toBe(
        '{\n  "text": "hello-from-mcp"\n}',
      );
      expect(await app.page.getByTestId('approve-always').innerText()).toBe(
        'Always allow “echo on docs”',
      );
      await app.page.getByTestId('approve-once').click();
      await expect
        .poll(() => app.page.getByTestId('transcript').innerText(), { timeout: 15_000 })
        .toMatch(/echo tool returned[\s\S]*hello-from-mcp/);
      await expect.poll(() => prompt.count()).toBe(0);
      const types = (
        await app.page.evaluate(() => (window as unknown as { hark: Hark }).hark.inspectorList())
      ).map((e) => e.type);
      expect(types).toContain('response.mcp_call.completed');
    } finally {
      await app.close();
    }
  });
});
