import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ReceivedTurn } from '../../src/simulator/server';
import type { VoiceController } from '../../src/main/voice/voice-controller';
import { decodeWav, encodeWavPcm16 } from '../../src/shared/audio/wav';
import { holdTalk, openApp, type RunningApp } from './support/app';
import { launchChromium } from './support/browser';
import {
  bestLagPearson,
  envelope,
  peakCorrelation,
  segmentalCorrelation,
} from './support/correlation';
import { outputDir, speechFixture } from './support/fixtures';

let browser: Browser;
let fixture: string;
let fixtureSamples: Float64Array;
let fixtureMs: number;

beforeAll(async () => {
  fixture = speechFixture();
  const wav = decodeWav(new Uint8Array(readFileSync(fixture)));
  fixtureSamples = Float64Array.from(wav.channels[0]!);
  fixtureMs = wav.durationMs;
  browser = await launchChromium({ micFile: fixture });
  mkdirSync(outputDir, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

function nextTurn(controller: VoiceController): Promise<ReceivedTurn> {
  // The simulator is started lazily by the controller; by the time the app is Ready it exists.
  const simulator = controller.embeddedSimulator!;
  return new Promise((resolve) => simulator.on('turn-committed', resolve));
}

function samplesOf(turn: ReceivedTurn): Float64Array {
  const pcm = new Int16Array(turn.pcm.buffer, turn.pcm.byteOffset, turn.pcm.byteLength / 2);
  return Float64Array.from(pcm, (s) => s / 32768);
}

/**
 * Press, wait until audio leaves the machine, hold for as long as the fixture lasts, release.
 * `heldMs` is how long it was really held: on a loaded machine each Playwright call (the
 * halfway screenshot, the release) takes 100-500 ms more, and the turn is that much longer.
 */
async function speakFixture(
  app: RunningApp,
  onHalfway?: () => Promise<void>,
): Promise<{ turn: ReceivedTurn; heldMs: number }> {
  const turn = nextTurn(app.controller);
  await holdTalk(app.page);
  await app.page.getByText('● live').waitFor({ timeout: 5000 });
  const liveAt = Date.now();
  await app.page.waitForTimeout(fixtureMs / 2);
  await onHalfway?.();
  await app.page.waitForTimeout(fixtureMs / 2);
  await app.page.mouse.up();
  const heldMs = Date.now() - liveAt;
  return { turn: await turn, heldMs };
}

/** The whole utterance arrived, and no more than was held: nothing lost, nothing doubled. */
function expectAsLongAsHeld(turn: ReceivedTurn, heldMs: number): void {
  expect(turn.durationMs).toBeGreaterThanOrEqual(fixtureMs * 0.95);
  expect(Math.abs(turn.durationMs - heldMs) / heldMs).toBeLessThanOrEqual(0.05);
}

describe('the voice loop in Chromium with a fake microphone', () => {
  it('sends the speech unaltered, plays the reply, and walks the pill through every state', async () => {
    // Voice processing off: this measures Hark's own capture path (worklet, PCM16, IPC, base64).
    const app = await openApp(browser, { voiceProcessing: false });
    const { page } = app;
    try {
      await page
        .locator('[data-testid=health-pill][data-state=ready]')
        .waitFor({ timeout: 10_000 });
      await expect.poll(() => page.getByTestId('simulator-badge').isVisible()).toBe(true);
      await page.screenshot({ path: join(outputDir, 'ready.png') });

      const { turn, heldMs } = await speakFixture(app, () =>
        page.screenshot({ path: join(outputDir, 'listening.png') }).then(() => undefined),
      );
      const received = samplesOf(turn);
      writeFileSync(
        join(outputDir, 'received.wav'),
        encodeWavPcm16(
          Int16Array.from(received, (s) => s * 32768),
          24000,
        ),
      );
      expectAsLongAsHeld(turn, heldMs);
      const { peak } = peakCorrelation(received, fixtureSamples);
      const segmental = segmentalCorrelation(received, fixtureSamples);
      expect(segmental).toBeGreaterThanOrEqual(0.9);

      // The reply plays: the speaker meter reads an AnalyserNode after the playback worklet.
      await page
        .locator('[data-testid=health-pill][data-state=responding]')
        .waitFor({ timeout: 5000 });
      const speaker = page.getByRole('meter', { name: 'Speaker level' });
      await expect
        .poll(async () => Number(await speaker.getAttribute('aria-valuenow')), { timeout: 5000 })
        .toBeGreaterThan(10);
      await page.screenshot({ path: join(outputDir, 'responding.png') });
      await expect
        .poll(() => page.getByTestId('transcript').innerText(), { timeout: 10_000 })
        .toMatch(/simulated reply/);
      await page
        .locator('[data-testid=health-pill][data-state=ready]')
        .waitFor({ timeout: 15_000 });
      expect(app.states).toEqual(['connecting', 'ready', 'listening', 'responding', 'ready']);
      await page.screenshot({ path: join(outputDir, 'conversation.png') });
      // The README's screenshot is refreshed on request, so test runs leave the tree clean.
      if (process.env.HARK_UPDATE_DOCS) {
        copyFileSync(
          join(outputDir, 'conversation.png'),
          join(process.cwd(), 'docs', 'screenshot.png'),
        );
      }
      console.log(
        `e2e fidelity: ${turn.durationMs.toFixed(0)} ms received for ${fixtureMs.toFixed(0)} ms spoken (held ${heldMs} ms); correlation ${peak.toFixed(3)} (segmental ${segmental.toFixed(3)})`,
      );
    } finally {
      await app.close();
    }
  });

  it('with voice processing on (the default) the whole utterance still arrives', async () => {
    const app = await openApp(browser);
    try {
      await app.page
        .locator('[data-testid=health-pill][data-state=ready]')
        .waitFor({ timeout: 10_000 });
      const { turn, heldMs } = await speakFixture(app);
      expectAsLongAsHeld(turn, heldMs);
      // AGC and noise suppression reshape the waveform by design; the speech envelope survives.
      const r = bestLagPearson(envelope(samplesOf(turn)), envelope(fixtureSamples), 50);
      expect(r).toBeGreaterThanOrEqual(0.8);
      console.log(`e2e with processing: envelope correlation ${r.toFixed(3)}`);
    } finally {
      await app.close();
    }
  });

  it('reply audio and the mic go through the audio ports, after a reload and beside a second window', async () => {
    // Counts binary frames on the page's own bridge socket: reply audio must not come that way.
    const countBridgeAudio = (): void => {
      const counts = { binaryIn: 0, binaryOut: 0 };
      (window as unknown as { __bridge: typeof counts }).__bridge = counts;
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          this.addEventListener('message', (e) => {
            if (typeof e.data !== 'string') counts.binaryIn++;
          });
        }
        override send(data: Parameters<WebSocket['send']>[0]): void {
          if (typeof data !== 'string') counts.binaryOut++;
          super.send(data);
        }
      } as typeof WebSocket;
    };
    const app = await openApp(browser, { voiceProcessing: false, initScript: countBridgeAudio });
    const { page, controller } = app;
    const reports: { itemId: string; playedMs: number }[] = [];
    const report = controller.reportPlayback.bind(controller);
    controller.reportPlayback = (r) => {
      reports.push({ itemId: r.itemId, playedMs: r.playedMs });
      report(r);
    };
    const second = await browser.newPage({ viewport: { width: 420, height: 640 } });
    try {
      const ready = (p = page, timeout = 10_000) =>
        p.locator('[data-testid=health-pill][data-state=ready]').waitFor({ timeout });
      await ready();
      await second.goto(app.preview.url);
      await ready(second);
      await page.reload();
      await ready();

      const { turn } = await speakFixture(app);
      // The mic frames reached main through the capture ports. Both preview tabs are whole
      // windows and stream their mic (as they did over the bridge), so only "all of it".
      expect(turn.durationMs).toBeGreaterThanOrEqual(fixtureMs * 0.95);
      const speaker = page.getByRole('meter', { name: 'Speaker level' });
      await expect
        .poll(async () => Number(await speaker.getAttribute('aria-valuenow')), { timeout: 5000 })
        .toBeGreaterThan(10);
      await ready(page, 30_000);
      // Main heard what the worklets played, from their ports: the whole reply, once drained.
      const replyMs = turn.durationMs; // the simulator's reply plays the turn back
      await expect
        .poll(() => Math.max(0, ...reports.map((r) => r.playedMs)), { timeout: 30_000 })
        .toBeGreaterThanOrEqual(replyMs * 0.95);
      const bridge = await page.evaluate(
        () => (window as unknown as { __bridge: { binaryIn: number; binaryOut: number } }).__bridge,
      );
      expect(bridge).toEqual({ binaryIn: 0, binaryOut: 0 });
    } finally {
      await second.close();
      await app.close();
    }
  });
});
