import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HealthSnapshot } from '../../src/shared/health';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../../src/main/settings/settings-model';
import { VoiceController } from '../../src/main/voice/voice-controller';
import { startWebPreview } from '../../src/main/web-preview/server';
import { startStandalone, type Standalone } from '../peers/support/standalone';
import { launchChromium } from './support/browser';
import { speechFixture } from './support/fixtures';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium({ micFile: speechFixture() });
});
afterAll(async () => {
  await browser?.close();
});

const pillState = (page: Page) =>
  page.getByTestId('health-pill').getAttribute('data-state', { timeout: 1000 });

/** The transcript as the page shows it: who, and what. */
async function transcript(page: Page): Promise<{ role: string; text: string; waiting: boolean }[]> {
  return page.$$eval('[data-testid=transcript] article[data-role]', (articles) =>
    articles.map((a) => ({
      role: a.getAttribute('data-role') ?? '',
      text: a.querySelector('p')?.textContent?.trim() ?? '',
      waiting: a.querySelector('[data-testid=turn-waiting]') !== null,
    })),
  );
}

describe('an outage of a standalone simulator', () => {
  it('is visible at once, never "live", and the turns made during it arrive in order, one reply each', async () => {
    // The simulator as a user runs it, in its own process; killed and started again on its port.
    let simulator: Standalone = await startStandalone();
    const url = new URL(simulator.url);
    const controller = new VoiceController({
      settings: new MemorySettingsStore({
        ...DEFAULT_SETTINGS,
        onboarded: true,
        provider: 'custom',
        customUrl: simulator.url,
      }),
      secrets: new MemorySecretStore('sk-outage-e2e-key'),
      // Retries soon after the restart (the real backoff would wait up to 30 s).
      backoff: { firstMs: 100, capMs: 400 },
    });
    const health: { at: number; snapshot: HealthSnapshot }[] = [];
    controller.on('health', (snapshot) => health.push({ at: Date.now(), snapshot }));
    // What went over the wire, in order, after the restart.
    const wire: { session: number; turn: string | null }[] = [];
    controller.tapWire(({ session, direction, type, event }) => {
      const item = (event as { item?: { id?: string } }).item;
      let turn: string | null = null;
      if (direction === 'sent' && type === 'input_audio_buffer.commit') turn = 'spoken';
      if (
        direction === 'sent' &&
        type === 'conversation.item.create' &&
        item?.id?.startsWith('msg_')
      )
        turn = 'typed';
      if (direction === 'received' && type === 'response.done') turn = 'reply';
      wire.push({ session, turn });
    });
    const preview = await startWebPreview({ controller, rendererDir: resolve('out/renderer') });
    const page = await browser.newPage({ viewport: { width: 420, height: 640 } });
    try {
      await page.goto(preview.url);
      await page
        .locator('[data-testid=health-pill][data-state=ready]')
        .waitFor({ timeout: 20_000 });
      const firstSession = Math.max(...wire.map((w) => w.session));

      // The simulator dies.
      const killedAt = Date.now();
      await simulator.stop();
      // The page hears of it within 2 s: the pill leaves Ready (the renderer's status region
      // announces the same health; see the report).
      await page
        .locator('[data-testid=health-pill]:not([data-state=ready])')
        .waitFor({ timeout: 2000 });
      expect(Date.now() - killedAt).toBeLessThan(2000);
      expect(['reconnecting', 'connecting', 'offline']).toContain(await pillState(page));

      // A spoken turn during the outage: kept, but never claimed "live".
      const talk = page.getByTestId('talk-button');
      const box = (await talk.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.waitForTimeout(1500);
      expect(await page.getByText('● live').count()).toBe(0);
      const during = health.at(-1)!.snapshot;
      expect(during.live).toBe(false);
      expect(during.queued.spoken).toBe(1);
      await page.mouse.up();

      // Then a typed one.
      await page.getByTestId('message-input').fill('typed while down');
      await page.getByRole('button', { name: 'Send' }).click();
      await expect
        .poll(() => health.at(-1)!.snapshot.queued, { timeout: 2000 })
        .toEqual({ typed: 1, spoken: 1 });
      // Both show, in the order they were made, before anything is sent.
      // (The page applies transcript messages once per frame: poll.)
      await expect
        .poll(() => transcript(page), { timeout: 2000 })
        .toEqual([
          { role: 'user', text: expect.stringMatching(/^🎙 \d+\.\d s of speech$/), waiting: true },
          { role: 'user', text: 'typed while down', waiting: true },
        ]);

      // The simulator comes back on the same port.
      simulator = await startStandalone(['--port', url.port]);
      await page
        .locator('[data-testid=health-pill][data-state=ready]')
        .waitFor({ timeout: 20_000 });
      await expect.poll(async () => (await transcript(page)).length, { timeout: 20_000 }).toBe(4);
      await expect.poll(() => health.at(-1)!.snapshot.state, { timeout: 10_000 }).toBe('ready');

      // On the wire: the spoken turn, its reply, then the typed one and its reply.
      const after = wire.filter((w) => w.session > firstSession && w.turn);
      expect(after.map((w) => w.turn)).toEqual(['spoken', 'reply', 'typed', 'reply']);

      // In the window: each reply after its own turn.
      const shown = await transcript(page);
      expect(shown.map((e) => e.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
      expect(shown.some((e) => e.waiting)).toBe(false);
      expect(shown[2]!.text).toBe('typed while down');
      expect(shown[3]!.text).toMatch(/typed while down/); // the simulator says what it read
      expect(health.at(-1)!.snapshot.queued).toEqual({ typed: 0, spoken: 0 });
    } finally {
      await page.close();
      await preview.close();
      await controller.dispose();
      await simulator.stop();
    }
  });
});
