/**
 * The main side over time, with no browser: an accelerated hour of conversation against the
 * simulator in its own process (`npm run simulator -- --pacing instant`), including two
 * session rollovers, for event-loop lag and memory growth; and reconnects after abrupt drops.
 * The bench plays the renderer: it streams 20 ms microphone frames and reports playback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { FRAME_BYTES } from '../src/shared/audio/format';
import type { HealthState } from '../src/shared/health';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../src/main/settings/settings-model';
import { RealtimeSimulator } from '../src/simulator/server';
import { VoiceController, type VoiceControllerOptions } from '../src/main/voice/voice-controller';
import { FaultProxy } from '../tests/faults/support/fault-proxy';
import { percentile, sleep } from './support/measure';
import { figure, type Figure } from './support/report';

/** The simulator as its own process: its work must not count as Hark's lag or memory. */
async function simulatorProcess(): Promise<{
  url: string;
  connections: () => number;
  stop: () => void;
}> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/simulator/cli.ts', '--pacing', 'instant'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let connections = 0;
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (/connection \d+ opened/.test(line)) connections++;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the simulator did not start')), 20_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code})`)));
  });
  return { url, connections: () => connections, stop: () => child.kill() };
}

function controllerFor(url: string, extra: Partial<VoiceControllerOptions> = {}): VoiceController {
  return new VoiceController({
    settings: new MemorySettingsStore({
      ...DEFAULT_SETTINGS,
      provider: 'custom',
      customUrl: url,
      onboarded: true,
    }),
    secrets: new MemorySecretStore(),
    ...extra,
  });
}

function healthOf(controller: VoiceController): {
  state: () => HealthState;
  until: (s: HealthState, ms?: number) => Promise<void>;
} {
  let state: HealthState = controller.snapshot().health.state;
  const waiters = new Set<() => void>();
  controller.on('health', (h) => {
    state = h.state;
    waiters.forEach((w) => w());
  });
  return {
    state: () => state,
    until: (wanted, ms = 10_000) =>
      new Promise((resolve, reject) => {
        if (state === wanted) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`health never became ${wanted} (it is ${state})`));
        }, ms);
        const check = (): void => {
          if (state !== wanted) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      }),
  };
}

/** Speech-like 20 ms frames, made once; each push hands over a fresh copy, as capture does. */
const FRAMES = Array.from({ length: 50 }, (_, index) => {
  const samples = new Int16Array(FRAME_BYTES / 2);
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.round(8000 * Math.sin((index * samples.length + i) / 11));
  return new Uint8Array(samples.buffer);
});
const frame = (index: number): Uint8Array => FRAMES[index % FRAMES.length]!.slice();

/** An idle Node process's own event-loop delay meanwhile: what this busy machine adds to any lag. */
function lagControl(): { stop: () => Promise<{ p99: number; max: number }> } {
  const script = `
    const { monitorEventLoopDelay } = require('node:perf_hooks');
    const h = monitorEventLoopDelay({ resolution: 1 }); h.enable();
    setInterval(() => {}, 1000);
    process.on('message', () => { h.disable(); process.send({ p99: h.percentile(99) / 1e6, max: h.max / 1e6 }); process.exit(0); });`;
  const child = spawn(process.execPath, ['-e', script], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        child.once('message', (m) => resolve(m as { p99: number; max: number }));
        child.once('exit', (code) => code !== 0 && reject(new Error(`lag control exited ${code}`)));
        child.send('stop');
      }),
  };
}

/** MB per hour from a least-squares line through (hours, MB) points. */
function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  globalThis.gc?.();
  await sleep(50);
  globalThis.gc?.();
  return process.memoryUsage();
}

const immediate = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * One turn as the window drives it: press, stream `frames` 20 ms frames (five per macrotask,
 * so timers still run between them), release, then play the reply: a playback report per
 * delta and a drained one at the end. Resolves when the reply has played out.
 */
async function turn(controller: VoiceController, frames: number): Promise<void> {
  controller.talkStart('pointer');
  for (let i = 0; i < frames; i += 5) {
    for (let j = i; j < Math.min(frames, i + 5); j++) controller.pushAudioFrame(frame(j));
    await immediate();
  }
  let itemId = '';
  let receivedMs = 0;
  const offAudio = controller.on('output-audio', (m) => {
    itemId = m.itemId;
    receivedMs += m.pcm.byteLength / 48;
    controller.reportPlayback({
      itemId,
      playedMs: receivedMs * 0.9,
      bufferedMs: receivedMs * 0.1,
      underruns: 0,
    });
  });
  const done = new Promise<void>((resolve) => {
    const off = controller.on('output-done', () => {
      off();
      offAudio();
      // Played out before the server's response.done is handled (a paced reply): the
      // controller then sees the pause between turns that a rollover waits for.
      controller.reportPlayback({ itemId, playedMs: receivedMs, bufferedMs: 0, underruns: 0 });
      resolve();
    });
  });
  controller.talkStop('pointer');
  await done;
}

export interface SoakOptions {
  /** Turns of `turnSeconds` speech, each answered by as long a reply. */
  turns: number;
  turnSeconds: number;
}

export async function soakFigures(options: SoakOptions): Promise<Figure[]> {
  const simulator = await simulatorProcess();
  try {
    const frames = (options.turnSeconds * 1000) / 20;
    // Calibrate: how long one turn takes here decides the session lifetime that gives two
    // rollovers (each waits for a pause between turns, as in the app).
    const probe = controllerFor(simulator.url);
    await probe.connect();
    await turn(probe, frames);
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) await turn(probe, frames);
    const turnMs = Math.max(20, (Date.now() - t0) / 3);
    await probe.dispose();

    const warmup = Math.max(2, Math.round(options.turns / 10));
    const runMs = turnMs * (options.turns + warmup);
    const rolloverEveryMs = Math.max(200, Math.round(runMs / 5));
    const controller = controllerFor(simulator.url, {
      sessionLifetimeMs: { custom: rolloverEveryMs + 60_000 },
      rolloverMarginMs: 60_000,
    });
    const health = healthOf(controller);
    await controller.connect();
    await health.until('ready');
    const connectionsAtStart = simulator.connections();

    for (let i = 0; i < warmup; i++) await turn(controller, frames);
    const turnHours = (options.turnSeconds * 2) / 3600; // speech + reply
    const checkpoints: { x: number; rss: number; heap: number; external: number }[] = [];
    const checkpoint = async (turnsDone: number): Promise<void> => {
      const m = await settledMemory();
      const mb = (bytes: number): number => bytes / 1024 / 1024;
      checkpoints.push({
        x: turnsDone * turnHours,
        rss: mb(m.rss),
        heap: mb(m.heapUsed),
        external: mb(m.arrayBuffers),
      });
    };
    await checkpoint(0);
    const lag = monitorEventLoopDelay({ resolution: 1 });
    const control = lagControl();
    lag.enable();
    const started = Date.now();
    const every = Math.max(1, Math.round(options.turns / 10));
    for (let i = 1; i <= options.turns; i++) {
      await turn(controller, frames);
      if (i % every === 0 || i === options.turns) {
        lag.disable(); // the checkpoint's forced GC is the bench's, not Hark's
        await checkpoint(i);
        lag.enable();
      }
    }
    const wallMs = Date.now() - started;
    lag.disable();
    const noise = await control.stop();
    const rollovers = simulator.connections() - connectionsAtStart;
    const finalState = health.state();
    await controller.dispose();

    if (process.env.BENCH_DEBUG)
      process.stderr.write(
        `${checkpoints.map((c) => `${(c.x * 60).toFixed(0)}min ${c.rss.toFixed(1)}/${c.heap.toFixed(1)}/${c.external.toFixed(1)}`).join('\n')}\n`,
      );
    // Growth is the slope over the later two thirds: JIT and allocator warm-up is not a leak.
    const later = checkpoints.slice(Math.floor(checkpoints.length / 3));
    const growth = (key: 'rss' | 'heap' | 'external'): number =>
      slope(later.map((c) => ({ x: c.x, y: c[key] })));
    const simulatedHours = options.turns * turnHours;
    return [
      figure(
        'lag_ms_p99',
        'main event-loop lag p99 (accelerated hour)',
        lag.percentile(99) / 1e6,
        'ms',
        { target: 5 },
      ),
      figure(
        'lag_ms_p99_control',
        '… an idle Node process meanwhile (machine noise), p99',
        noise.p99,
        'ms',
      ),
      figure('lag_ms_max_control', '… an idle Node process meanwhile, max', noise.max, 'ms'),
      figure('rss_mb_end', 'RSS at the end', checkpoints.at(-1)!.rss, 'MB'),
      figure('lag_ms_max', 'main event-loop lag max', lag.max / 1e6, 'ms'),
      figure('rss_growth_mb_per_hour', 'RSS growth per simulated hour', growth('rss'), 'MB', {
        target: 10,
      }),
      figure(
        'external_growth_mb_per_hour',
        'ArrayBuffer memory growth per simulated hour',
        growth('external'),
        'MB',
      ),
      figure('heap_growth_mb_per_hour', 'JS heap growth per simulated hour', growth('heap'), 'MB'),
      figure(
        'soak_simulated_minutes',
        'conversation simulated (speech + replies)',
        simulatedHours * 60,
        'min',
      ),
      figure('soak_wall_s', '… run in', wallMs / 1000, 's'),
      figure('soak_rollovers', 'session rollovers during it', rollovers, '', {
        target: 2,
        atLeast: true,
        ...(finalState === 'ready' ? {} : { note: `ended ${finalState}` }),
      }),
    ];
  } finally {
    simulator.stop();
  }
}

/** Abrupt drops (TCP reset, no close frame) → Ready again, each on a fresh controller (default backoff). */
export async function reconnectFigures(drops: number): Promise<Figure[]> {
  const simulator = new RealtimeSimulator({ pacing: 'instant' });
  const proxy = new FaultProxy(await simulator.start());
  await proxy.start();
  const times: number[] = [];
  try {
    for (let i = 0; i < drops; i++) {
      const controller = controllerFor(proxy.url);
      const health = healthOf(controller);
      await controller.connect();
      await health.until('ready');
      await sleep(50);
      const connection = proxy.connections.at(-1)!;
      const droppedAt = performance.now();
      connection.reset();
      await health.until('reconnecting', 5000).catch(() => undefined);
      await health.until('ready', 10_000);
      times.push(performance.now() - droppedAt);
      await controller.dispose();
    }
  } finally {
    await proxy.stop();
    await simulator.stop();
  }
  return [
    figure('reconnect_ms_p50', 'reconnect: abrupt drop → Ready, p50', percentile(times, 50), 'ms', {
      target: 500,
    }),
    figure('reconnect_ms_max', 'reconnect: abrupt drop → Ready, max', Math.max(...times), 'ms'),
  ];
}
