import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { VoiceActivity } from '../../src/simulator/voice-activity';
import { decodeWav } from '../../src/shared/audio/wav';
import { openApp, type RunningApp } from './support/app';
import { launchChromium } from './support/browser';
import { speechThenEchoFixture } from './support/fixtures';

let browser: Browser | null = null;
let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  await browser?.close();
  app = null;
  browser = null;
});

describe('hands-free mode in Chromium', () => {
  it('answers when the user pauses, and the reply coming back through the mic does not interrupt it', async () => {
    const fixture = speechThenEchoFixture();
    // The echo on its own is loud enough that voice detection would take it for speech.
    const echo = decodeWav(new Uint8Array(readFileSync(fixture.echo)));
    const echoPcm = Buffer.from(
      Int16Array.from(echo.channels[0]!, (v) => Math.round(v * 32767)).buffer,
    );
    expect(new VoiceActivity().push(echoPcm).some((e) => e.type === 'started')).toBe(true);

    browser = await launchChromium({ micFile: fixture.file });
    app = await openApp(browser, { voiceProcessing: false, turnDetection: 'server_vad' });
    const { page, controller } = app;
    const simulator = () => controller.embeddedSimulator!;
    await page.locator('[data-testid=health-pill][data-state=ready]').waitFor({ timeout: 10_000 });
    const starts: number[] = [];
    const done: string[] = [];
    const sim = simulator();
    sim.on('client-event', ({ type }) => type === 'response.cancel' && done.push('cancel'));
    const turns: number[] = [];
    sim.on('turn-committed', (t) => turns.push(t.durationMs));
    controller.on('health', (h) => h.state === 'listening' && starts.push(Date.now()));

    // Hands-free: the mic is live without pressing anything; the server finds the turn.
    await page.getByText('● live').waitFor({ timeout: 5000 });
    await expect.poll(() => turns.length, { timeout: 10_000 }).toBe(1);
    await page
      .locator('[data-testid=health-pill][data-state=responding]')
      .waitFor({ timeout: 5000 });
    // The reply plays in full while its echo comes back through the microphone.
    await page.locator('[data-testid=health-pill][data-state=ready]').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('transcript').innerText()).toMatch(/simulated reply/);
    expect(turns).toHaveLength(1); // the echo never became a second turn
    expect(done).toEqual([]); // and never cancelled the reply
    expect(app.states.filter((s) => s === 'listening')).toHaveLength(1);
  });
});
