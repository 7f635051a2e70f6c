import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { RealtimeSimulator } from '../../src/simulator/server';
import { openApp } from './support/app';
import { launchChromium } from './support/browser';
import { speechFixture } from './support/fixtures';
import { announcements, countLiveRegionChanges, resetAnnouncements } from './support/live-regions';
import { ready, speak, typeMessage } from './support/views';

/** The text of the newest reply (not its cost line). */
const lastReply = (page: Page): Promise<string> =>
  page.locator('[data-role=assistant]').last().locator(':scope > p').first().innerText();

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium({ micFile: speechFixture() });
});
afterAll(async () => {
  await browser?.close();
});

describe('what a screen reader hears', () => {
  it('one announcement per state change and per completed message during a turn, never a token line', async () => {
    const app = await openApp(browser, { initScript: countLiveRegionChanges });
    const { page } = app;
    try {
      await ready(page);
      await resetAnnouncements(page);

      // A spoken turn: Listening, Responding, what you said, the reply.
      await speak(page);
      await page.locator('[data-testid=health-pill][data-state=responding]').waitFor();
      await ready(page, 15_000);
      await expect.poll(() => page.getByTestId('turn-cost').count()).toBe(1);
      await page.waitForTimeout(500); // anything late would show up here
      const spoken = await announcements(page);
      const reply = await lastReply(page);
      expect(spoken.map((a) => a.text)).toEqual([
        'Listening',
        'Responding',
        expect.stringMatching(/^You: /),
        `Hark: ${reply}`,
      ]);

      // A typed turn: what you typed, Responding, the reply (in whichever order they complete).
      await resetAnnouncements(page);
      await typeMessage(page, 'What is a haiku?');
      await expect.poll(() => page.getByTestId('turn-cost').count(), { timeout: 10_000 }).toBe(2);
      await ready(page);
      await page.waitForTimeout(500);
      const typed = (await announcements(page)).map((a) => a.text);
      const typedReply = await lastReply(page);
      expect(typed.toSorted()).toEqual(
        ['You: What is a haiku?', 'Responding', `Hark: ${typedReply}`].toSorted(),
      );
      for (const text of [...spoken.map((a) => a.text), ...typed]) {
        expect(text).not.toMatch(/tokens|\$\d/);
      }
    } finally {
      await app.close();
    }
  });

  it('an outage is announced within 2 s, shown in a banner, and the talk control never says live', async () => {
    const simulator = new RealtimeSimulator({ pacing: 'fast-stream' });
    const url = await simulator.start();
    const port = Number(new URL(url).port);
    const app = await openApp(browser, {
      initScript: countLiveRegionChanges,
      settings: { provider: 'custom', customUrl: url },
    });
    const { page } = app;
    let restarted: RealtimeSimulator | null = null;
    try {
      await ready(page);
      await resetAnnouncements(page);
      const stoppedAt = Date.now();
      await simulator.stop();
      await expect
        .poll(async () => (await announcements(page)).map((a) => a.text).join(' | '), {
          timeout: 2000,
          interval: 50,
        })
        .toMatch(/Connection lost/);
      const lost = (await announcements(page)).find((a) => /Connection lost/.test(a.text))!;
      expect(lost.at - stoppedAt).toBeLessThan(2000);
      console.log(`outage announced ${lost.at - stoppedAt} ms after the simulator stopped`);
      await expect
        .poll(() => page.getByTestId('outage-banner').innerText())
        .toMatch(/Connection lost/);
      expect(await page.getByTestId('health-pill').getAttribute('data-state')).not.toBe('ready');

      // Held during the outage: the control says what happens, and nothing claims "live".
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.down('Space');
      await page.waitForTimeout(600);
      const label = await page.getByTestId('talk-button').innerText();
      expect(label).not.toMatch(/Listening|release to send/);
      expect(label).toMatch(/offline/i);
      expect(await page.getByText('● live').count()).toBe(0);
      await page.keyboard.up('Space');

      // Back on the same port: announced once, and the banner says so, then goes.
      restarted = new RealtimeSimulator({ pacing: 'fast-stream', port });
      await restarted.start();
      await ready(page, 20_000);
      await expect.poll(() => page.getByTestId('outage-banner').innerText()).toMatch(/Reconnected/);
      const said = (await announcements(page)).map((a) => a.text);
      expect(said.filter((t) => /Connection lost/.test(t))).toHaveLength(1);
      expect(said.filter((t) => t === 'Reconnected')).toHaveLength(1);
      await expect.poll(() => page.getByTestId('outage-banner').count(), { timeout: 6000 }).toBe(0);
    } finally {
      await app.close();
      await restarted?.stop();
      await simulator.stop().catch(() => undefined);
    }
  });

  it('when the preview bridge itself dies, the pill stops claiming Ready', async () => {
    const app = await openApp(browser, { initScript: countLiveRegionChanges });
    const { page } = app;
    try {
      await ready(page);
      await app.preview.close();
      await page
        .locator('[data-testid=health-pill][data-state=needs-attention]')
        .waitFor({ timeout: 2000 });
      await expect
        .poll(() => page.getByTestId('notice').innerText())
        .toMatch(/Preview disconnected/);
      expect(await page.getByTestId('health-pill').innerText()).not.toMatch(/Ready/);
    } finally {
      await app.close();
    }
  });
});
