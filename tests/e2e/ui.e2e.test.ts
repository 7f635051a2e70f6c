import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { openApp } from './support/app';
import { launchChromium } from './support/browser';
import { outputDir, speechFixture } from './support/fixtures';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium({ micFile: speechFixture() });
  mkdirSync(outputDir, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

describe('the main window', () => {
  it('first run offers a key or the simulator; the simulator choice connects and is labelled', async () => {
    const app = await openApp(browser, { onboarded: false });
    try {
      const panel = app.page.getByTestId('settings-panel');
      await panel.waitFor();
      await expect.poll(() => panel.innerText()).toMatch(/Welcome to Hark/);
      await app.page.screenshot({ path: join(outputDir, 'first-run.png') });
      expect(app.controller.snapshot().health.state).toBe('offline');
      // A bad key entry is refused with the reason, nothing is saved.
      await app.page.getByLabel('Provider').selectOption('custom');
      await app.page.getByLabel('WebSocket URL').fill('https://not-a-websocket');
      await app.page.getByRole('button', { name: 'Save and connect' }).click();
      await expect
        .poll(() => app.page.getByRole('alert').innerText())
        .toMatch(
          /must start with ws:\/\/ or wss:\/\/ \(plain ws:\/\/ only to this machine\), not https:/,
        );
      await app.page.getByTestId('use-simulator').click();
      await app.page
        .locator('[data-testid=health-pill][data-state=ready]')
        .waitFor({ timeout: 10_000 });
      await expect.poll(() => app.page.getByTestId('simulator-badge').isVisible()).toBe(true);
      expect(app.controller.snapshot().settings).toMatchObject({
        provider: 'simulator',
        onboarded: true,
      });
    } finally {
      await app.close();
    }
  });

  it('Space held talks, released sends; the details popover explains the connection', async () => {
    const app = await openApp(browser, { viewport: { width: 1280, height: 800 } });
    try {
      await app.page.emulateMedia({ colorScheme: 'dark' });
      await app.page
        .locator('[data-testid=health-pill][data-state=ready]')
        .waitFor({ timeout: 10_000 });
      await app.page.keyboard.down('Space');
      await app.page.locator('[data-testid=health-pill][data-state=listening]').waitFor();
      await app.page.getByText('● live').waitFor({ timeout: 5000 });
      await app.page.waitForTimeout(2500);
      await app.page.keyboard.up('Space');
      await app.page
        .locator('[data-testid=health-pill][data-state=responding]')
        .waitFor({ timeout: 5000 });
      await app.page
        .locator('[data-testid=health-pill][data-state=ready]')
        .waitFor({ timeout: 15_000 });
      await app.page.getByTestId('health-pill').click();
      const details = app.page.getByTestId('health-details');
      await expect
        .poll(() => details.innerText())
        .toMatch(/Simulator — simulated, no model connected/);
      await expect.poll(() => details.innerText()).toMatch(/frames sent/);
      await app.page.screenshot({ path: join(outputDir, 'dark-fullscreen-details.png') });
      await app.page.keyboard.press('Escape');
      await expect.poll(() => details.count()).toBe(0);

      // Once the mic was allowed, the settings list it; choosing it is saved in main.
      await app.page.getByRole('button', { name: 'Connection settings' }).click();
      const select = app.page.getByTestId('mic-select');
      await expect.poll(() => select.locator('option').count()).toBeGreaterThanOrEqual(2);
      const deviceId = await select.locator('option').nth(1).getAttribute('value');
      await select.selectOption(deviceId!);
      await app.page.getByTestId('use-simulator').click();
      await expect.poll(() => app.controller.snapshot().settings.micDeviceId).toBe(deviceId);
    } finally {
      await app.close();
    }
  });

  it('the mini window beside the main one: its talk button works, and only the main window captures', async () => {
    const app = await openApp(browser);
    const miniPage = await browser.newPage({ viewport: { width: 300, height: 76 } });
    try {
      await app.page
        .locator('[data-testid=health-pill][data-state=ready]')
        .waitFor({ timeout: 10_000 });
      await miniPage.goto(`${app.preview.url}#mini`);
      const mini = miniPage.getByTestId('mini-view');
      await mini.waitFor();
      await expect.poll(() => mini.innerText()).toMatch(/Ready · Simulator/);
      expect(await miniPage.getByTestId('transcript').count()).toBe(0);
      await miniPage.screenshot({ path: join(outputDir, 'mini.png') });

      const turns: number[] = [];
      app.controller.embeddedSimulator!.on('turn-committed', (t) => turns.push(t.durationMs));
      const button = mini.getByRole('button');
      const box = (await button.boundingBox())!;
      await miniPage.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await miniPage.mouse.down();
      await app.page.getByText('● live').waitFor({ timeout: 5000 }); // the main window streams
      const liveAt = Date.now();
      await miniPage.waitForTimeout(1500);
      await miniPage.mouse.up();
      const heldMs = Date.now() - liveAt;
      await expect.poll(() => turns.length, { timeout: 5000 }).toBe(1);
      // One window's microphone, not two: the turn is as long as it was held, not twice that.
      expect(turns[0]!).toBeGreaterThan(heldMs * 0.8);
      expect(turns[0]!).toBeLessThan(heldMs * 1.25);
    } finally {
      await miniPage.close();
      await app.close();
    }
  });

  it('earcons, when turned on, sound as listening starts and as the turn is sent', async () => {
    const app = await openApp(browser, {
      // Test instrumentation: count the oscillators the page starts (earcons are oscillators).
      initScript: () => {
        const counter = { started: 0 };
        (window as unknown as { __earcons: typeof counter }).__earcons = counter;
        const start = OscillatorNode.prototype.start;
        OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
          counter.started++;
          return start.call(this, when);
        };
      },
    });
    try {
      const { page, controller } = app;
      await page
        .locator('[data-testid=health-pill][data-state=ready]')
        .waitFor({ timeout: 10_000 });
      await controller.saveSettings({ earcons: true });
      const started = () =>
        page.evaluate(
          () => (window as unknown as { __earcons: { started: number } }).__earcons.started,
        );
      await page.keyboard.down('Space');
      await page.getByText('● live').waitFor({ timeout: 5000 });
      await expect.poll(started).toBe(1);
      await page.waitForTimeout(300);
      await page.keyboard.up('Space');
      await expect.poll(started).toBe(2);
    } finally {
      await app.close();
    }
  });
});
