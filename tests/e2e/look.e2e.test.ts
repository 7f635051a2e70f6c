import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { openApp } from './support/app';
import { axeViolations } from './support/axe';
import { launchChromium } from './support/browser';
import { pasteFile } from './support/paste';
import { testJpeg, testPng } from '../simulator/support/images';
import { NO_DESKTOP } from '../../src/main/assistant/tools/desktop-actions';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const sha256OfDataUrl = (dataUrl: string): string =>
  createHash('sha256')
    .update(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'))
    .digest('hex');

describe('Look at this, in the web preview', () => {
  it('a pasted image is scaled, shown in the approval, sent byte for byte once allowed, and described', async () => {
    const app = await openApp(browser, { viewport: { width: 480, height: 900 } });
    try {
      const { page } = app;
      await page.locator('[data-testid=health-pill][data-state=ready]').waitFor();
      // The web preview offers paste and drop, not screen capture.
      expect(await page.getByTestId('look-at-screen').count()).toBe(0);
      await expect
        .poll(() => page.getByTestId('look-controls').innerText())
        .toMatch(/Screen capture is in the desktop app only/);
      const png = testPng(640, 400, [0x3a, 0x7b, 0xd5]);
      await pasteFile(page, png.bytes, 'image/png', 'shot.png');
      const image = page.getByTestId('approval-image');
      await image.waitFor({ timeout: 10_000 });
      const shownUrl = (await image.getAttribute('src'))!;
      expect(shownUrl).toMatch(/^data:image\/jpeg;base64,/); // 640×400 is a photo-sized image: JPEG
      expect(await image.getAttribute('alt')).toMatch(
        /^The image you gave Hark, exactly as it would be sent \(JPEG 640×400, \d+ (KB|B)\)$/,
      );
      expect(await page.getByTestId('approval-image-facts').innerText()).toMatch(/JPEG 640×400/);
      // The focus is on the question.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('approval-title');
      expect(app.controller.embeddedSimulator!.images).toEqual([]);

      // axe-core on the approval with its image: light and dark, narrow and wide.
      for (const size of [
        { width: 420, height: 640 },
        { width: 1280, height: 800 },
      ]) {
        await page.setViewportSize(size);
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          await page.waitForTimeout(50);
          expect(await axeViolations(page), `${scheme} ${size.width}`).toEqual([]);
        }
      }
      await page.emulateMedia({ colorScheme: 'light' });

      await page.getByTestId('approve-once').click();
      const transcript = page.getByTestId('transcript');
      await expect
        .poll(() => transcript.innerText(), { timeout: 10_000 })
        .toMatch(/I see a 640 by 400 JPEG image; its average colour is #[0-9a-f]{6}\./);
      await expect.poll(() => transcript.innerText()).toMatch(/🖼 Image sent \(JPEG 640×400/);
      // What the approval showed is what the simulator received, byte for byte.
      const received = app.controller.embeddedSimulator!.images;
      expect(received.map((i) => i.sha256)).toEqual([sha256OfDataUrl(shownUrl)]);
      // JPEG keeps the colour within a little.
      const colour = /average colour is #([0-9a-f]{6})/.exec(await transcript.innerText())![1]!;
      const [r, g, b] = [0, 2, 4].map((i) => parseInt(colour.slice(i, i + 2), 16));
      expect(Math.abs(r! - 0x3a) + Math.abs(g! - 0x7b) + Math.abs(b! - 0xd5)).toBeLessThan(12);
      // The inspector shows that an image went, never its bytes.
      const inspector = app.controller.assistant.inspectorExport();
      expect(inspector).toContain(`sha256 ${received[0]!.sha256}]`);
      expect(inspector).not.toContain(shownUrl.slice(40, 120));
      // History is on by default: the conversation shows the image it kept.
      await page.getByTestId('open-history').click();
      await page.getByTestId('history-list').locator('button.title').first().click();
      const kept = page.getByTestId('history-image');
      await kept.waitFor({ timeout: 10_000 });
      expect(await kept.getAttribute('src')).toBe(shownUrl);
      expect(await kept.getAttribute('alt')).toMatch(/^The image you sent \(JPEG 640×400/);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('deny sends nothing; a non-image or a damaged image is refused clearly', async () => {
    const app = await openApp(browser);
    try {
      const { page } = app;
      await page.locator('[data-testid=health-pill][data-state=ready]').waitFor();
      const problem = page.getByTestId('look-problem');
      await pasteFile(page, Buffer.from('hello'), 'text/plain', 'a.txt');
      await expect.poll(() => problem.innerText()).toMatch(/That is not an image \(text\/plain\)/);
      await pasteFile(page, Buffer.from('not a png at all'), 'image/png', 'b.png');
      await expect.poll(() => problem.innerText()).toMatch(/could not be read: it is damaged/);

      const small = testPng(120, 90, [250, 250, 0]);
      await pasteFile(page, small.bytes, 'image/png', 'c.png');
      await page.getByTestId('approval-image').waitFor();
      await page.getByTestId('approve-deny').click();
      await expect.poll(() => problem.innerText()).toBe('Image declined: nothing was sent.');
      await page.waitForTimeout(200);
      expect(app.controller.embeddedSimulator!.images).toEqual([]);
      // Said aloud: attached, then declined.
      const said = await page.locator('[aria-live=polite]').first().innerText();
      expect(said).toMatch(/Image declined: nothing was sent\./);
    } finally {
      await app.close();
    }
  });

  it('a dropped image is offered the same way', async () => {
    const app = await openApp(browser);
    try {
      const { page } = app;
      await page.locator('[data-testid=health-pill][data-state=ready]').waitFor();
      const png = testPng(200, 100, [0, 200, 0]);
      await page.evaluate((base64) => {
        const data = new DataTransfer();
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        data.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
        const target = document.querySelector('[data-testid=transcript]')!;
        for (const type of ['dragenter', 'dragover', 'drop'])
          target.dispatchEvent(
            new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }),
          );
      }, png.bytes.toString('base64'));
      const image = page.getByTestId('approval-image');
      await image.waitFor({ timeout: 10_000 });
      // 200×100 is small: it stays a PNG at its own size.
      expect(await page.getByTestId('approval-image-facts').innerText()).toMatch(/^PNG 200×100/);
      await page.getByTestId('approve-once').click();
      await expect
        .poll(() => page.getByTestId('transcript').innerText(), { timeout: 10_000 })
        .toMatch(/I see a 200 by 100 PNG image; its average colour is #00c800\./);
    } finally {
      await app.close();
    }
  });

  it('"Show Hark my screen" where a capture exists: the captured picture, approved, described', async () => {
    const screen = testJpeg(1365, 768, [30, 30, 30]);
    const app = await openApp(browser, {
      assistant: { desktop: { ...NO_DESKTOP, captureScreen: async () => screen.dataUrl } },
    });
    try {
      const { page } = app;
      await page.locator('[data-testid=health-pill][data-state=ready]').waitFor();
      await page.getByTestId('look-at-screen').focus();
      await page.keyboard.press('Enter'); // keyboard: the button is an ordinary button
      const image = page.getByTestId('approval-image');
      await image.waitFor({ timeout: 10_000 });
      expect(await image.getAttribute('src')).toBe(screen.dataUrl);
      expect(await image.getAttribute('alt')).toMatch(/^Picture of your screen, exactly as/);
      await page.getByTestId('approve-once').click();
      await expect
        .poll(() => page.getByTestId('transcript').innerText(), { timeout: 10_000 })
        .toMatch(/I see a 1365 by 768 JPEG image/);
      expect(app.controller.embeddedSimulator!.images.map((i) => i.sha256)).toEqual([
        screen.sha256,
      ]);
    } finally {
      await app.close();
    }
  });

  it('by keyboard alone: Escape denies the picture and the focus returns to the button', async () => {
    const screen = testJpeg(1365, 768, [30, 30, 30]);
    const app = await openApp(browser, {
      assistant: { desktop: { ...NO_DESKTOP, captureScreen: async () => screen.dataUrl } },
    });
    try {
      const { page } = app;
      await page.locator('[data-testid=health-pill][data-state=ready]').waitFor();
      await page.getByTestId('look-at-screen').focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('approval-image').waitFor({ timeout: 10_000 });
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('approval-title');
      await page.keyboard.press('Escape');
      await expect
        .poll(() => page.getByTestId('look-problem').innerText())
        .toBe('Image declined: nothing was sent.');
      expect(await page.getByTestId('approval-prompt').count()).toBe(0);
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
        .toBe('look-at-screen');
      await page.waitForTimeout(200);
      expect(app.controller.embeddedSimulator!.images).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
