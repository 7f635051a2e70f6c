import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ReceivedTurn } from '../../src/simulator/server';
import { decodeWav } from '../../src/shared/audio/wav';
import { holdTalk, openApp } from './support/app';
import { launchChromium } from './support/browser';
import { speechFixture } from './support/fixtures';

let browser: Browser;
let fixtureMs: number;
beforeAll(async () => {
  const fixture = speechFixture();
  fixtureMs = decodeWav(new Uint8Array(readFileSync(fixture))).durationMs;
  browser = await launchChromium({ micFile: fixture });
});
afterAll(async () => {
  await browser?.close();
});

interface TapState {
  firstSoundAt: number | null;
  lastSoundAt: number | null;
  pressAt: number | null;
}

/**
 * Test instrumentation, installed before the app loads: a second, tiny AnalyserNode tapped
 * off the playback worklet's output (what the speaker gets), sampled about every
 * millisecond, and the time of the next pointerdown.
 */
function installOutputTap(): void {
  const state: TapState = { firstSoundAt: null, lastSoundAt: null, pressAt: null };
  (window as unknown as { __tap: TapState }).__tap = state;
  const connect = AudioNode.prototype.connect as (this: AudioNode, ...args: unknown[]) => unknown;
  let tapped = false;
  AudioNode.prototype.connect = function (this: AudioNode, ...args: unknown[]) {
    if (!tapped && this instanceof AudioWorkletNode && args[0] instanceof AnalyserNode) {
      tapped = true;
      const tap = this.context.createAnalyser();
      tap.fftSize = 32;
      const mute = this.context.createGain();
      mute.gain.value = 0;
      connect.call(this, tap);
      connect.call(tap, mute);
      connect.call(mute, this.context.destination);
      const samples = new Float32Array(32);
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        tap.getFloatTimeDomainData(samples);
        if (samples.some((v) => Math.abs(v) > 1e-4)) {
          const now = performance.now();
          state.firstSoundAt ??= now;
          state.lastSoundAt = now;
        }
        setTimeout(() => channel.port2.postMessage(0), 1);
      };
      channel.port2.postMessage(0);
    }
    return connect.apply(this, args);
  } as typeof AudioNode.prototype.connect;
  document.addEventListener('pointerdown', () => (state.pressAt = performance.now()), {
    capture: true,
  });
}

function leadingSilenceMs(turn: ReceivedTurn): number {
  const samples = new Int16Array(turn.pcm.buffer, turn.pcm.byteOffset, turn.pcm.byteLength / 2);
  let i = 0;
  while (i < samples.length && Math.abs(samples[i]!) <= 3) i++; // 1e-4 of full scale
  return (i * 1000) / 24000;
}

describe('barge-in in Chromium', () => {
  it('pressing talk mid-reply silences the speaker within 50 ms and truncates at what was heard (±60 ms)', async () => {
    const app = await openApp(browser, { voiceProcessing: false, initScript: installOutputTap });
    const { page, controller } = app;
    try {
      await page
        .locator('[data-testid=health-pill][data-state=ready]')
        .waitFor({ timeout: 10_000 });
      const simulator = controller.embeddedSimulator!;
      const committed = new Promise<ReceivedTurn>((resolve) =>
        simulator.on('turn-committed', resolve),
      );
      const truncated = new Promise<{ itemId: string; audioEndMs: number }>((resolve) =>
        simulator.on('item-truncated', resolve),
      );

      // Speak the fixture; the simulator's reply plays it back.
      await holdTalk(page);
      await page.getByText('● live').waitFor({ timeout: 5000 });
      await page.waitForTimeout(fixtureMs);
      await page.mouse.up();
      const turn = await committed;

      const tap = () =>
        page.evaluate(() => ({ ...(window as unknown as { __tap: TapState }).__tap }));
      await expect.poll(async () => (await tap()).firstSoundAt, { timeout: 10_000 }).not.toBeNull();
      await page.waitForTimeout(1200); // well into the reply
      expect((await tap()).lastSoundAt).not.toBeNull();

      await holdTalk(page); // barge in
      const truncate = await truncated;
      await page.waitForTimeout(300); // let the tap confirm the silence lasts
      const state = await tap();
      await page.mouse.up();

      const silentAfterMs = state.lastSoundAt! - state.pressAt!;
      expect(silentAfterMs).toBeLessThanOrEqual(50);
      const heardMs = leadingSilenceMs(turn) + (state.lastSoundAt! - state.firstSoundAt!);
      expect(Math.abs(truncate.audioEndMs - heardMs)).toBeLessThanOrEqual(60);
      console.log(
        `e2e barge-in: silent ${silentAfterMs.toFixed(1)} ms after the press; truncate ${truncate.audioEndMs} ms vs ${heardMs.toFixed(0)} ms heard`,
      );
    } finally {
      await app.close();
    }
  });
});
