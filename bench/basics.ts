/** The original hot-path figures: DSP, framing, the simulator's own speed, turn memory. */
import { TurnAudio } from '../src/main/conversation/turn-audio';
import { floatToPcm16, resample } from '../src/shared/audio/dsp';
import { FRAME_SAMPLES } from '../src/shared/audio/format';
import { runRoundTrip } from '../src/main/cli/round-trip';
import { resolveEndpoint } from '../src/main/engine/providers';
import { RealtimeSimulator } from '../src/simulator/server';
import { microsPerCall, percentile } from './support/measure';
import { figure, type Figure } from './support/report';

export async function basicFigures(quick: boolean): Promise<Figure[]> {
  const timing = quick ? { iterations: 2000, batches: 3 } : { iterations: 20_000, batches: 5 };
  const frame = new Float32Array(FRAME_SAMPLES).map((_, i) => Math.sin(i / 7) * 0.5);
  const out = new Int16Array(FRAME_SAMPLES);
  const pcmBytes = Buffer.from(floatToPcm16(frame, out).buffer);
  const second441 = new Float32Array(44_100).map((_, i) => Math.sin(i / 9) * 0.5);
  const json = JSON.stringify({
    type: 'input_audio_buffer.append',
    audio: pcmBytes.toString('base64'),
    event_id: 'evt_x',
  });

  // Round trips against the simulator, appends back to back.
  const simulator = new RealtimeSimulator({ pacing: 'fast-stream' });
  const endpoint = resolveEndpoint({ kind: 'simulator', url: await simulator.start() });
  const speech = new Int16Array(24_000 * 3).map((_, i) => Math.round(Math.sin(i / 11) * 8000));
  const firstAudio: number[] = [];
  const setup: number[] = [];
  try {
    for (let run = 0; run < (quick ? 3 : 10); run++) {
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
  } finally {
    await simulator.stop();
  }

  // Typed-array storage lives outside the JS heap: count both, each time after a full GC
  // (twice: the first may only queue finalizers), so garbage from the sections before is
  // not counted — nor freed between the two readings, which made this figure negative.
  const settled = (): number => {
    globalThis.gc?.();
    globalThis.gc?.();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
  const micFrame = new Uint8Array(960);
  const before = settled();
  const turn = new TurnAudio(); // what a talk turn keeps for replay, as the conversation does
  for (let i = 0; i < 3000; i++) turn.add(micFrame.fill(i & 0xff)); // 60 s of 20 ms frames
  const held = (settled() - before) / 1024 / 1024;
  turn.clear();

  return [
    figure(
      'float_to_pcm16_us',
      'float→PCM16, one 20 ms frame',
      microsPerCall(() => floatToPcm16(frame, out), timing),
      'µs',
      { target: 50 },
    ),
    figure(
      'base64_frame_us',
      'base64 of one 20 ms frame (main)',
      microsPerCall(() => pcmBytes.toString('base64'), timing),
      'µs',
      { target: 20 },
    ),
    figure(
      'append_json_us',
      'JSON text frame for one append',
      microsPerCall(() => JSON.stringify(JSON.parse(json)), timing),
      'µs',
      { target: 50 },
    ),
    figure(
      'resample_1s_ms',
      'resample 1 s of 44.1 kHz → 24 kHz (doctor)',
      microsPerCall(() => resample(second441, 44_100, 24_000), {
        iterations: quick ? 1 : 5,
        batches: 3,
      }) / 1000,
      'ms',
      { target: 250 },
    ),
    figure(
      'simulator_first_delta_ms_p50',
      'simulator: response.create → first delta, p50',
      percentile(firstAudio, 50),
      'ms',
      { target: 60 },
    ),
    figure(
      'simulator_setup_ms_p50',
      'simulator: session.created → session.updated, p50',
      percentile(setup, 50),
      'ms',
      { target: 20 },
    ),
    figure('turn_memory_mib', 'memory held by a 60 s turn kept for replay', held, 'MiB', {
      target: 6,
    }),
  ];
}
