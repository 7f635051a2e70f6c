/**
 * `npm run bench`: speed and memory of the hot paths, as JSON then a table.
 * Targets live here, not in timed unit tests.
 */
import { floatToPcm16, resample } from '../src/shared/audio/dsp';
import { FRAME_SAMPLES } from '../src/shared/audio/format';
import { runRoundTrip } from '../src/main/cli/round-trip';
import { resolveEndpoint } from '../src/main/realtime/providers';
import { RealtimeSimulator } from '../src/main/realtime/simulator/server';

interface Result {
  name: string;
  value: number;
  unit: string;
  target: string;
  ok: boolean;
}

function time(iterations: number, fn: () => void): number {
  for (let i = 0; i < Math.min(100, iterations); i++) fn(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / iterations;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const results: Result[] = [];
  const add = (
    name: string,
    value: number,
    unit: string,
    target: number,
    lowerIsBetter = true,
  ): void => {
    results.push({
      name,
      value: Number(value.toFixed(4)),
      unit,
      target: `${lowerIsBetter ? '≤' : '≥'} ${target}`,
      ok: lowerIsBetter ? value <= target : value >= target,
    });
  };

  const frame = new Float32Array(FRAME_SAMPLES).map((_, i) => Math.sin(i / 7) * 0.5);
  const out = new Int16Array(FRAME_SAMPLES);
  // A 20 ms frame must cost a tiny fraction of its 20 ms budget in the worklet.
  add(
    'float→PCM16, one 20 ms frame',
    time(20_000, () => floatToPcm16(frame, out)) * 1000,
    'µs',
    50,
  );

  const pcmBytes = Buffer.from(out.buffer);
  add(
    'base64 of one 20 ms frame (main)',
    time(20_000, () => pcmBytes.toString('base64')) * 1000,
    'µs',
    20,
  );

  const second441 = new Float32Array(44_100).map((_, i) => Math.sin(i / 9) * 0.5);
  add(
    'resample 1 s of 44.1 kHz → 24 kHz (doctor)',
    time(5, () => resample(second441, 44_100, 24_000)),
    'ms',
    250,
  );

  const json = JSON.stringify({
    type: 'input_audio_buffer.append',
    audio: pcmBytes.toString('base64'),
    event_id: 'evt_x',
  });
  add(
    'JSON text frame for one append',
    time(20_000, () => JSON.stringify(JSON.parse(json))) * 1000,
    'µs',
    50,
  );

  // Round trips against the simulator, appends back to back.
  const simulator = new RealtimeSimulator({ pacing: 'fast-stream' });
  const url = await simulator.start();
  const endpoint = resolveEndpoint({ kind: 'simulator', url });
  const speech = new Int16Array(24_000 * 3).map((_, i) => Math.round(Math.sin(i / 11) * 8000));
  const firstAudio: number[] = [];
  const setup: number[] = [];
  for (let run = 0; run < 10; run++) {
    let connectedAt = 0;
    let updatedAt = 0;
    const result = await runRoundTrip({
      endpoint,
      pcm: speech,
      realtime: false,
      chunkMs: 20,
      timeoutMs: 10_000,
      onStep: (step) => {
        if (step.kind === 'connected') connectedAt = step.ms;
        if (step.kind === 'session-updated') updatedAt = step.ms;
      },
    });
    if (!result.ok || result.firstAudioDeltaMs === null)
      throw new Error(`round trip failed: ${result.diagnosis}`);
    firstAudio.push(result.firstAudioDeltaMs);
    setup.push(updatedAt - connectedAt);
  }
  await simulator.stop();
  add('simulator: response.create → first audio delta, p50', percentile(firstAudio, 50), 'ms', 60);
  add('simulator: session.created → session.updated, p50', percentile(setup, 50), 'ms', 20);

  // Typed-array storage lives outside the JS heap: count both.
  const memory = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  globalThis.gc?.();
  const before = memory();
  const turn: Uint8Array[] = [];
  for (let i = 0; i < 3000; i++) turn.push(new Uint8Array(960).fill(i & 0xff)); // 60 s of 20 ms frames: the longest turn
  const held = (memory() - before) / 1024 / 1024;
  add('memory held by a 60 s talk turn kept for replay', held, 'MiB', 6);
  turn.length = 0;

  process.stdout.write(
    `${JSON.stringify({ results, node: process.version, at: new Date().toISOString() })}\n\n`,
  );
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    process.stdout.write(
      `${r.ok ? '✓' : '✗'} ${r.name.padEnd(width)}  ${String(r.value).padStart(10)} ${r.unit.padEnd(4)} (target ${r.target})\n`,
    );
  }
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
