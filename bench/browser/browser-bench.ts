/**
 * The renderer in headless Chromium, built, with window.hark bridged through the web
 * preview to the real VoiceController and the embedded simulator (`--pacing instant`), as
 * tests/e2e does: Hark's own added latency per turn, barge-in silence, what an idle window
 * costs (bridge messages, CPU) and whether the AudioContext suspends and resumes cleanly.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { WebSocket as WsSocket } from 'ws';
import { encodeWavPcm16 } from '../../src/shared/audio/wav';
import { SAMPLE_RATE } from '../../src/shared/audio/format';
import type { HealthState } from '../../src/shared/health';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../../src/main/settings/settings-model';
import type { ReceivedTurn } from '../../src/simulator/server';
import { VoiceController } from '../../src/main/voice/voice-controller';
import { startWebPreview } from '../../src/main/web-preview/server';
import { launchChromium } from '../../tests/e2e/support/browser';
import { percentile, sleep } from '../support/measure';
import { cpuRate, descendantsCpu } from '../support/proc';
import { figure, type Figure } from '../support/report';

/** Shaped like a project key, long like one; it never leaves this process. */
const BENCH_KEY = `sk-proj-${'HarkBenchKey0123456789abcdefghijklmnopqrstuvwxyz'.repeat(3)}`;

interface ProbeReport {
  at: number;
  /** Context frame at the end of the quantum the report follows. */
  frame: number;
  /** Date.now() in the worklet when that quantum was rendered. */
  sentAt: number;
  /** Date.now() in the worklet when the first audio of the playing item reached it. */
  audioAt: number | null;
  itemId: string | null;
  playedSamples: number;
  bufferedSamples: number;
  playing: boolean;
}

interface ProbeState {
  presses: number[];
  /** The context's frame (audio rendered so far, as the page sees it) at each press. */
  pressFrames: (number | null)[];
  releases: number[];
  /** Date.now() at each press and release (the worklet's clock). */
  pressEpochs: number[];
  releaseEpochs: number[];
  reports: ProbeReport[];
  contextStates: { state: string; at: number }[];
  sent: number;
  received: number;
  /** Main → page events by name. */
  receivedEvents: Record<string, number>;
  audioIn: number[];
  audioInEpochs: number[];
  clears: number[];
  baseLatency: number | null;
}

interface TurnResult {
  addedMs: number;
  /** Wall-clock hops (1 ms resolution): page → main at the release, main → page with the audio. */
  hopInMs: number;
  hopOutMs: number;
  mainMs: number;
  simMs: number;
  toPageMs: number;
  workletMs: number;
  /** Samples of the reply played when it drained for good. */
  playedSamples: number;
  turn: ReceivedTurn;
}

export interface BrowserBenchOptions {
  turns: number;
  bargeIns: number;
  /** Wait after the last sound before the idle window opens. */
  idleSettleMs: number;
  idleWindowMs: number;
}

/** A fake microphone: a steady voiced tone (the fake device loops it). */
function micFile(): string {
  const samples = new Int16Array(SAMPLE_RATE * 4).map((_, i) =>
    Math.round(
      9000 * Math.sin((2 * Math.PI * 220 * i) / SAMPLE_RATE) * (0.6 + 0.4 * Math.sin(i / 3000)),
    ),
  );
  const file = join(mkdtempSync(join(tmpdir(), 'hark-bench-')), 'tone.wav');
  writeFileSync(file, encodeWavPcm16(samples, SAMPLE_RATE));
  return file;
}

/**
 * Watch every ws socket in this process: `sent` before each send, `received` before each
 * 'message' is handled. Nothing is changed; the returned function restores ws.
 */
function tapWebSockets(tap: {
  sent?: (socket: WsSocket, data: unknown) => void;
  received?: (socket: WsSocket, data: unknown) => void;
}): () => void {
  const send = WsSocket.prototype.send;
  const emit = WsSocket.prototype.emit;
  WsSocket.prototype.send = function (this: WsSocket, ...args: Parameters<WsSocket['send']>) {
    tap.sent?.(this, args[0]);
    return send.apply(this, args);
  } as WsSocket['send'];
  WsSocket.prototype.emit = function (this: WsSocket, name: string | symbol, ...args: unknown[]) {
    if (name === 'message') tap.received?.(this, args[0]);
    return emit.call(this, name, ...args);
  } as WsSocket['emit'];
  return () => {
    WsSocket.prototype.send = send;
    WsSocket.prototype.emit = emit;
  };
}

/**
 * Times the simulator's own share of a turn: from its receipt of the commit to its first
 * `response.output_audio.delta` on the wire (it runs in this process). The server's sends
 * are observed at ws's send; nothing is changed.
 */
class SimulatorClock {
  commitAt: number | null = null;
  firstDeltaAt: number | null = null;
  private readonly restore: () => void;

  /** For BENCH_DEBUG's breakdown: the client's commit on the wire, its first delta off it. */
  commitSentAt: number | null = null;
  firstDeltaReceivedAt: number | null = null;

  constructor() {
    const onSend = (data: unknown): void => {
      if (typeof data !== 'string') return;
      if (this.talkStopAt !== null && data.includes('"type":"input_audio_buffer.commit"'))
        this.commitSentAt ??= performance.now();
      if (
        this.commitAt !== null &&
        this.firstDeltaAt === null &&
        data.startsWith('{"type":"response.output_audio.delta"')
      )
        this.firstDeltaAt = performance.now();
    };
    const onMessage = (data: unknown): void => {
      if (
        this.firstDeltaAt !== null &&
        this.firstDeltaReceivedAt === null &&
        Buffer.isBuffer(data) &&
        data.subarray(0, 40).toString('latin1').startsWith('{"type":"response.output_audio.delta"')
      )
        this.firstDeltaReceivedAt = performance.now();
    };
    this.restore = tapWebSockets({
      sent: (_socket, data) => onSend(data),
      received: (_socket, data) => onMessage(data),
    });
  }

  /** BENCH_DEBUG: main's share split at the wire, in ms (controller, hop, hop, controller). */
  get mainParts(): string {
    const { talkStopAt, commitSentAt, commitAt, firstDeltaAt, firstDeltaReceivedAt } = this;
    const part = (a: number | null, b: number | null): string =>
      a === null || b === null ? '?' : (b - a).toFixed(1);
    return `release→commit sent ${part(talkStopAt, commitSentAt)}, →sim ${part(commitSentAt, commitAt)}; delta →client ${part(firstDeltaAt, firstDeltaReceivedAt)}, →port ${part(firstDeltaReceivedAt, this.firstOutputAt)}`;
  }

  /** Main side: the release reached the controller, and its first reply audio left it. */
  talkStopAt: number | null = null;
  firstOutputAt: number | null = null;
  /** The same two moments on the wall clock the page and the worklet use (Date.now()). */
  talkStopEpoch: number | null = null;
  firstOutputEpoch: number | null = null;

  armed(): void {
    this.commitAt = null;
    this.firstDeltaAt = null;
    this.commitSentAt = null;
    this.firstDeltaReceivedAt = null;
    this.talkStopAt = null;
    this.firstOutputAt = null;
    this.talkStopEpoch = null;
    this.firstOutputEpoch = null;
  }

  /** Time main spent on the turn: release → commit sent, first delta → audio handed to IPC. */
  get mainMs(): number | null {
    const { talkStopAt, commitAt, firstDeltaAt, firstOutputAt } = this;
    if (talkStopAt === null || commitAt === null || firstDeltaAt === null || firstOutputAt === null)
      return null;
    return commitAt - talkStopAt + (firstOutputAt - firstDeltaAt);
  }

  committed(): void {
    this.commitAt ??= performance.now();
  }

  get simulatorMs(): number | null {
    return this.commitAt === null || this.firstDeltaAt === null
      ? null
      : this.firstDeltaAt - this.commitAt;
  }

  dispose(): void {
    this.restore();
  }
}

/**
 * Bridge traffic counted where main sees it: every message on the preview's sockets (the
 * page's bridge and its audio Worker's socket, which the page's probe cannot see), both
 * ways. A socket belongs to the preview when its local port is the preview's.
 */
class BridgeTraffic {
  messages = 0;
  private readonly restore: () => void;

  constructor(private readonly port: () => number) {
    const ours = (socket: WsSocket): boolean =>
      (socket as unknown as { _socket?: { localPort?: number } })._socket?.localPort ===
      this.port();
    const count = (socket: WsSocket): void => {
      if (ours(socket)) this.messages++;
    };
    this.restore = tapWebSockets({ sent: count, received: count });
  }

  dispose(): void {
    this.restore();
  }
}

/** The probe's records, and the page's clock now. */
const probe = (page: Page): Promise<ProbeState & { now: number }> =>
  page.evaluate(() => ({
    ...(globalThis as unknown as { __probe: ProbeState }).__probe,
    now: performance.now(),
  }));

/** Wait, polling inside the page every 5 ms, until a probe query returns something. */
async function query<T>(
  page: Page,
  what: string,
  name: string,
  args: unknown[] = [],
  timeoutMs = 10_000,
): Promise<T> {
  try {
    const handle = await page.waitForFunction(
      ([q, a]) =>
        (
          globalThis as unknown as {
            __probeQuery: Record<string, (...values: unknown[]) => unknown>;
          }
        ).__probeQuery[q as string]!(...(a as unknown[])),
      [name, args] as const,
      { polling: 5, timeout: timeoutMs },
    );
    return (await handle.jsonValue()) as T;
  } catch (error) {
    throw new Error(`browser bench: timed out waiting for ${what}`, { cause: error });
  }
}

interface Counts {
  presses: number;
  releases: number;
  reports: number;
}

async function until<T>(
  what: string,
  read: () => Promise<T | null>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`browser bench: timed out waiting for ${what}`);
    await sleep(10);
  }
}

export async function browserFigures(options: BrowserBenchOptions): Promise<Figure[]> {
  const browser = await launchChromium({ micFile: micFile() });
  const controller = new VoiceController({
    settings: new MemorySettingsStore({
      ...DEFAULT_SETTINGS,
      onboarded: true,
      voiceProcessing: false,
      turnDetection: 'push-to-talk',
      provider: 'simulator',
    }),
    // A key is stored, as for most users: redaction then knows one (its fragments are
    // looked for in every string), and the provider stays the simulator.
    secrets: new MemorySecretStore(BENCH_KEY),
    simulator: { pacing: 'instant' },
  });
  let health: HealthState = 'offline';
  controller.on('health', (h) => (health = h.state));
  const clock = new SimulatorClock();
  const preview = await startWebPreview({ controller, rendererDir: resolve('out/renderer') });
  const previewPort = Number(new URL(preview.url).port);
  const traffic = new BridgeTraffic(() => previewPort);
  const page = await browser.newPage({ viewport: { width: 420, height: 640 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.addInitScript({ path: resolve('bench/browser/probe.js') });
    await page.goto(preview.url);
    await page.locator('[data-testid=health-pill][data-state=ready]').waitFor({ timeout: 15_000 });
    const simulator = controller.embeddedSimulator!;
    simulator.on(
      'client-event',
      ({ type }) => type === 'input_audio_buffer.commit' && clock.committed(),
    );
    const talkStop = controller.talkStop.bind(controller);
    controller.talkStop = (source) => {
      clock.talkStopAt ??= performance.now();
      clock.talkStopEpoch ??= Date.now();
      return talkStop(source);
    };
    controller.on('output-audio', () => {
      if (clock.firstDeltaAt === null || clock.firstOutputAt !== null) return;
      clock.firstOutputAt = performance.now();
      clock.firstOutputEpoch = Date.now();
    });
    let lastTurn: ReceivedTurn | null = null;
    simulator.on('turn-committed', (turn) => (lastTurn = turn));

    /** The reply's final drain: drained, and no report for a while (an underrun drains too). */
    const playedOut = (since: number): Promise<ProbeReport> =>
      query(page, 'the reply to play out', 'playedOut', [since, 150]);

    const button = (await page.getByTestId('talk-button').boundingBox())!;
    await page.mouse.move(button.x + button.width / 2, button.y + button.height / 2);

    /** Press, hold while the mic streams, release; resolves when the reply has played out. */
    const turn = async (holdMs: number): Promise<TurnResult> => {
      const before = await query<Counts>(page, 'counts', 'counts');
      await page.mouse.down();
      await page.getByText('● live').waitFor({ timeout: 10_000 });
      await sleep(holdMs);
      clock.armed();
      lastTurn = null;
      await page.mouse.up();
      const releaseAt = await query<number>(page, 'the release', 'releaseAt', [before.releases]);
      const start = await query<ProbeReport>(page, 'the first reply sample', 'reportAfter', [
        releaseAt,
        'playing',
      ]);
      await until('Ready', async () => (health === 'ready' ? true : null));
      const end = await playedOut(start.at);
      const simMs = clock.simulatorMs;
      const mainMs = clock.mainMs;
      if (simMs === null || mainMs === null || lastTurn === null)
        throw new Error('browser bench: the simulator saw no reply');
      const after = await probe(page);
      const releaseEpoch = after.releaseEpochs[before.releases]!;
      const addedMs = start.sentAt - releaseEpoch - simMs;
      // Where the reply audio arrived: the worklet's own stamp (it comes straight from main
      // over its port); the page's bridge socket when it came that way (older path).
      const audioInEpoch =
        start.audioAt ?? after.audioInEpochs.find((t) => t >= releaseEpoch) ?? start.sentAt;
      const toPageMs = audioInEpoch - releaseEpoch - simMs;
      return {
        addedMs,
        hopInMs: clock.talkStopEpoch! - releaseEpoch,
        hopOutMs: audioInEpoch - clock.firstOutputEpoch!,
        mainMs,
        simMs,
        toPageMs,
        workletMs: addedMs - toPageMs,
        playedSamples: end.playedSamples,
        turn: lastTurn,
      };
    };

    // ── Hark's added latency: talk release → first reply sample out of the worklet ──
    const added: number[] = [];
    const simTimes: number[] = [];
    const toPage: number[] = [];
    const inWorklet: number[] = [];
    const onMain: number[] = [];
    const hopIn: number[] = [];
    const hopOut: number[] = [];
    for (let i = 0; i < options.turns; i++) {
      const result = await turn(300);
      if (i > 0) {
        // The first turn also opens the microphone.
        added.push(result.addedMs);
        toPage.push(result.toPageMs);
        inWorklet.push(result.workletMs);
        onMain.push(result.mainMs);
        hopIn.push(result.hopInMs);
        hopOut.push(result.hopOutMs);
      }
      simTimes.push(result.simMs);
      if (process.env.BENCH_DEBUG)
        process.stderr.write(
          `turn ${i}: added ${result.addedMs.toFixed(1)} = in ${result.hopInMs} + main ${result.mainMs.toFixed(1)} + out ${result.hopOutMs} + worklet ${result.workletMs.toFixed(1)} (+ rest); sim ${result.simMs.toFixed(1)}; main: ${clock.mainParts}\n`,
        );
      await sleep(150);
    }

    // ── barge-in: press mid-reply → the worklet's first silent quantum ──
    const silences: number[] = [];
    const pressToClear: number[] = [];
    const reportDelays: number[] = [];
    const audioAfterPress: number[] = [];
    for (let i = 0; i < options.bargeIns; i++) {
      await page.mouse.down();
      await page.getByText('● live').waitFor({ timeout: 10_000 });
      await sleep(2000);
      const releaseCount = (await query<Counts>(page, 'counts', 'counts')).releases;
      await page.mouse.up();
      const releaseAt = await query<number>(page, 'the release', 'releaseAt', [releaseCount]);
      await query(page, 'the reply', 'reportAfter', [releaseAt, 'playing']);
      await sleep(500);
      const pressCount = (await query<Counts>(page, 'counts', 'counts')).presses;
      await page.mouse.down(); // barge in
      const pressAt = await query<number>(page, 'the press', 'pressAt', [pressCount]);
      const silent = await query<ProbeReport>(page, 'the silence', 'reportAfter', [
        pressAt,
        'drained',
      ]);
      // Reply audio that still left the worklet after the press, on the audio clock: from the
      // frame the page saw at the press to the start of the first silent quantum.
      const afterPress = await probe(page);
      const pressFrame = afterPress.pressFrames[pressCount];
      if (pressFrame === null || pressFrame === undefined)
        throw new Error('browser bench: no audio frame at the press');
      audioAfterPress.push(((silent.frame - 128 - pressFrame) * 1000) / SAMPLE_RATE);
      silences.push(silent.sentAt - afterPress.pressEpochs[pressCount]!);
      reportDelays.push(silent.at - pressAt);
      const clearAt = afterPress.clears.find((t) => t >= pressAt);
      if (clearAt !== undefined) pressToClear.push(clearAt - pressAt);
      await sleep(300);
      await page.mouse.up();
      await until('Ready', async () => (health === 'ready' ? true : null), 15_000);
      await playedOut(pressAt);
    }

    // ── idle: nothing plays, nothing is captured ──
    const lastSound = (await query<ProbeReport>(page, 'a report', 'lastReport')).at;
    await sleep(options.idleSettleMs);
    const idleStart = await probe(page);
    const trafficBefore = traffic.messages;
    const cpuBefore = descendantsCpu();
    const mainBefore = process.cpuUsage();
    await sleep(options.idleWindowMs);
    const mainAfter = process.cpuUsage(mainBefore);
    const cpuAfter = descendantsCpu();
    if (process.env.BENCH_DEBUG) {
      const start = new Map(cpuBefore.map((p) => [p.pid, p.cpuMs]));
      for (const p of cpuAfter)
        process.stderr.write(
          `cpu ${p.pid} ${p.kind} ${(p.cpuMs - (start.get(p.pid) ?? 0)).toFixed(0)} ms\n`,
        );
    }
    const idleEnd = await probe(page);
    if (process.env.BENCH_DEBUG)
      process.stderr.write(
        `idle: context states ${JSON.stringify(idleEnd.contextStates.slice(-4))}, idle window ${idleStart.now.toFixed(0)}–${idleEnd.now.toFixed(0)}, last sound ${lastSound.toFixed(0)}\n`,
      );
    const idleMessages = traffic.messages - trafficBefore;
    const seconds = options.idleWindowMs / 1000;
    const suspendedAt = idleEnd.contextStates.find(
      (s) => s.at > lastSound && s.state === 'suspended',
    );

    // ── resume: a talk press on a suspended context; then a typed message's reply ──
    const pressCount = idleEnd.presses.length;
    const resumed = await turn(300);
    const afterResume = await probe(page);
    const pressAt = afterResume.presses[pressCount]!;
    const runningAt = afterResume.contextStates.find(
      (s) => s.at >= pressAt && s.state === 'running',
    );
    const clippedOnTalk = resumed.turn.pcm.byteLength / 2 - resumed.playedSamples;

    await sleep(options.idleSettleMs);
    const typedFrom = await probe(page);
    const suspendedAgain = typedFrom.contextStates.at(-1)?.state === 'suspended';
    await page.getByTestId('message-input').fill('hello');
    await page.getByTestId('message-input').press('Enter');
    const replyStart = await query<ProbeReport>(page, 'the typed reply', 'reportAfter', [
      typedFrom.reports.at(-1)!.at + 1,
      'playing',
    ]);
    const replyEnd = await playedOut(replyStart.at);
    const chimeSamples = Math.round(SAMPLE_RATE * 0.25) * 2; // the simulator's reply to text
    const clippedOnReply = chimeSamples - replyEnd.playedSamples;

    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const f = figure;
    const idleSent = idleEnd.sent - idleStart.sent;
    const idleReceived = idleEnd.received - idleStart.received;
    const idleEvents = Object.entries(idleEnd.receivedEvents)
      .map(([name, n]) => [name, n - (idleStart.receivedEvents[name] ?? 0)] as const)
      .filter(([, n]) => n > 0)
      .map(([name, n]) => `${name}×${n}`)
      .join(', ');
    const suspendedAfter = suspendedAt ? suspendedAt.at - lastSound : null;
    return [
      f(
        'added_latency_ms_p50',
        'added latency: release → first sample, p50',
        percentile(added, 50),
        'ms',
      ),
      f(
        'added_latency_ms_p95',
        'added latency: release → first sample, p95',
        percentile(added, 95),
        'ms',
        { target: 15 },
      ),
      f('added_latency_turns', 'turns measured (after the first)', added.length, 'turns', {
        target: 20,
        atLeast: true,
      }),
      f(
        'added_latency_main_ms_p50',
        '… in main: release → commit out, delta → IPC',
        percentile(onMain, 50),
        'ms',
      ),
      f(
        'added_latency_hop_in_ms_p50',
        '… page → main: release reaches the controller',
        percentile(hopIn, 50),
        'ms',
      ),
      f(
        'added_latency_hop_out_ms_p50',
        '… main → worklet: first audio reaches the worklet',
        percentile(hopOut, 50),
        'ms',
      ),
      f(
        'added_latency_to_page_ms_p50',
        '… release → reply audio in the worklet',
        percentile(toPage, 50),
        'ms',
      ),
      f(
        'added_latency_in_worklet_ms_p50',
        '… reply audio in the worklet → first sample',
        percentile(inWorklet, 50),
        'ms',
      ),
      f(
        'audio_base_latency_ms',
        'AudioContext baseLatency (device period)',
        (idleEnd.baseLatency ?? Number.NaN) * 1000,
        'ms',
      ),
      f(
        'simulator_ms_p50',
        "simulator's own time, commit → first delta, p50",
        percentile(simTimes, 50),
        'ms',
      ),
      f(
        'barge_in_silence_ms',
        'barge-in: press → silent quantum rendered, p50',
        percentile(silences, 50),
        'ms',
        { target: 10.3 },
      ),
      f(
        'barge_in_silence_ms_max',
        'barge-in: press → silent quantum rendered, max',
        Math.max(...silences),
        'ms',
      ),
      f(
        'barge_in_reply_audio_after_press_ms',
        '… reply audio rendered after the press (audio clock)',
        Math.max(...audioAfterPress),
        'ms',
      ),
      f(
        'barge_in_press_to_clear_ms',
        '… press → clear posted to the worklet, p50',
        percentile(pressToClear, 50),
        'ms',
      ),
      f(
        'barge_in_report_ms',
        '… press → silent report in the page, p50',
        percentile(reportDelays, 50),
        'ms',
      ),
      f(
        'idle_ipc_messages_per_s',
        'idle bridge messages, both ways (both sockets, seen by main)',
        idleMessages / seconds,
        '/s',
        {
          target: 0,
          ...(idleEvents || idleSent + idleReceived !== idleMessages
            ? { note: `page bridge: ${idleSent + idleReceived}; main→page: ${idleEvents}` }
            : {}),
        },
      ),
      f(
        'idle_ipc_renderer_messages_per_s',
        'idle bridge messages, page → main',
        idleSent / seconds,
        '/s',
        { target: 0 },
      ),
      f(
        'audio_suspended_after_ms',
        'AudioContext suspended after the last sound',
        suspendedAfter,
        'ms',
        { target: 5000, ...(suspendedAt ? {} : { note: 'never suspended' }) },
      ),
      f(
        'idle_renderer_cpu_ms_per_s',
        'idle CPU: Chromium renderer process',
        cpuRate(cpuBefore, cpuAfter, seconds, (k) => k === 'renderer'),
        'ms/s',
      ),
      f(
        'idle_chromium_cpu_ms_per_s',
        'idle CPU: all Chromium processes',
        cpuRate(cpuBefore, cpuAfter, seconds),
        'ms/s',
      ),
      f(
        'idle_main_cpu_ms_per_s',
        'idle CPU: main side (controller, bridge, simulator)',
        (mainAfter.user + mainAfter.system) / 1000 / seconds,
        'ms/s',
      ),
      f(
        'resume_ms',
        'talk press → suspended context running',
        runningAt ? runningAt.at - pressAt : null,
        'ms',
      ),
      f(
        'resume_clipped_samples_talk',
        'reply samples lost after a resume (talk)',
        clippedOnTalk,
        'samples',
        { target: 0 },
      ),
      f(
        'resume_clipped_samples_reply',
        'reply samples lost after a resume (typed)',
        suspendedAgain ? clippedOnReply : null,
        'samples',
        { target: 0, ...(suspendedAgain ? {} : { note: 'context was not suspended' }) },
      ),
    ];
  } finally {
    clock.dispose();
    traffic.dispose();
    await page.close().catch(() => undefined);
    await preview.close();
    await controller.dispose();
    await browser.close();
  }
}
