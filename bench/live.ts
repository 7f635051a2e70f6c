/**
 * GPT-Live's figures, measured through Hark's real main-side path against the embedded
 * simulator's Live side: the voice controller (session, output gate, conversation), the
 * reply pipe every adapter uses (src/main/audio/reply-audio-pipe.ts), and — for barge-in
 * and depth — the page's own playback ring (src/renderer/src/audio/playback-ring.ts)
 * rendered in 128-sample quanta on a real-time clock, standing in for the AudioWorklet.
 *
 * - live_idle_silence_ipc_bytes_per_min: an idle session's output is all zeros; bytes the
 *   reply pipe would put on IPC per minute of it (target 0). The simulator's clock runs
 *   60× real time, so a simulated minute takes one second; the minute is counted from the
 *   deltas received (600 × 100 ms), not from the wall clock.
 * - live_barge_in_to_silence_ms: hands-free, the user starts talking over a reply (real
 *   time) → the last non-silent sample leaves the playback ring (target 150 ms + one
 *   quantum); the worst of the trials.
 * - live_playback_depth_ms: the deepest the ring got while GPT-Live's reply streamed (what
 *   plays after a yield at most); target the same 150 ms + one quantum.
 */
import { pipeReplyAudio } from '../src/main/audio/reply-audio-pipe';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../src/main/settings/settings-model';
import { VoiceController } from '../src/main/voice/voice-controller';
import { PlaybackRing } from '../src/renderer/src/audio/playback-ring';
import { SAMPLE_RATE } from '../src/shared/audio/format';
import { figure, type Figure } from './support/report';

const QUANTUM = 128;
const QUANTUM_MS = (QUANTUM * 1000) / SAMPLE_RATE;
/** Issue 21's bound: 150 ms of playback buffer, plus one render quantum. */
const TARGET_MS = 150 + QUANTUM_MS;
const IDLE_SPEED = 60;
const DELTAS_PER_MINUTE = 600;

export async function liveFigures(quick: boolean): Promise<Figure[]> {
  const idle = await idleSilence(quick ? 1 : 5);
  const trials: BargeInTrial[] = [];
  for (let i = 0; i < (quick ? 1 : 5); i++) trials.push(await bargeIn());
  const measured = trials.filter((t) => t.silenceMs !== null);
  const worst = measured.length ? Math.max(...measured.map((t) => t.silenceMs!)) : null;
  const depth = Math.max(...trials.map((t) => t.depthMs));
  return [
    figure(
      'live_idle_silence_ipc_bytes_per_min',
      'GPT-Live idle: silence sent over IPC per minute',
      idle.bytesPerMinute,
      'bytes',
      {
        target: 0,
        note: `${idle.minutes} simulated min at ${IDLE_SPEED}× real time; ${idle.zeroBytes} B of zero output received, ${idle.forwardedBytes} B forwarded`,
      },
    ),
    figure('live_barge_in_to_silence_ms', 'GPT-Live barge-in → last sample played', worst, 'ms', {
      target: Number(TARGET_MS.toFixed(1)),
      note:
        measured.length === trials.length
          ? `worst of ${trials.length}, real time; main path + playback ring`
          : `${trials.length - measured.length} of ${trials.length} trials played nothing`,
    }),
    figure('live_playback_depth_ms', 'GPT-Live playback depth (deepest)', depth, 'ms', {
      target: Number(TARGET_MS.toFixed(1)),
      note: 'what can still play after the model yields',
    }),
  ];
}

function liveController(options: { speed: number; handsFree: boolean }): VoiceController {
  return new VoiceController({
    settings: new MemorySettingsStore({
      ...DEFAULT_SETTINGS,
      provider: 'simulator',
      engine: 'live',
      turnDetection: options.handsFree ? 'server_vad' : 'push-to-talk',
    }),
    secrets: new MemorySecretStore(null),
    simulator: { live: { speed: options.speed } },
  });
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`live bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function idleSilence(minutes: number): Promise<{
  minutes: number;
  bytesPerMinute: number;
  zeroBytes: number;
  forwardedBytes: number;
}> {
  const controller = liveController({ speed: IDLE_SPEED, handsFree: false });
  let forwardedBytes = 0;
  const off = pipeReplyAudio(controller, {
    audio: (pcm) => (forwardedBytes += pcm.byteLength),
    command: (command) => (forwardedBytes += JSON.stringify(command).length),
  });
  let deltas = 0;
  let zeroBytes = 0;
  controller.tapWire((record) => {
    if (record.direction !== 'received' || record.type !== 'session.output_audio.delta') return;
    const pcm = Buffer.from((record.event as unknown as { delta: string }).delta, 'base64');
    deltas++;
    if (pcm.every((b) => b === 0)) zeroBytes += pcm.byteLength;
  });
  try {
    const connected = await controller.connect();
    if (!connected.ok) throw new Error(`live bench: ${connected.error}`);
    const wanted = minutes * DELTAS_PER_MINUTE;
    await until(() => deltas >= wanted, (wanted * 100) / IDLE_SPEED + 10_000, 'idle deltas');
    return { minutes, bytesPerMinute: forwardedBytes / minutes, zeroBytes, forwardedBytes };
  } finally {
    off();
    await controller.dispose();
  }
}

/** The page's playback ring, rendered quantum by quantum on the wall clock. */
class VirtualSpeaker {
  readonly ring = new PlaybackRing({ sampleRate: SAMPLE_RATE });
  private readonly startedAt = performance.now();
  private rendered = 0;
  private readonly out = [new Float32Array(QUANTUM)];
  private readonly timer = setInterval(() => this.catchUp(), 2);
  /** Wall time (performance.now) at which the latest non-silent quantum finished playing. */
  lastSoundAt: number | null = null;
  deepestMs = 0;

  push(itemId: string, pcm: Uint8Array): void {
    this.catchUp();
    const samples = new Int16Array(pcm.slice().buffer);
    this.ring.pushPcm16(itemId, samples);
    this.deepestMs = Math.max(this.deepestMs, (this.ring.bufferedSamples * 1000) / SAMPLE_RATE);
  }

  catchUp(): void {
    const due = Math.floor(((performance.now() - this.startedAt) * SAMPLE_RATE) / 1000 / QUANTUM);
    for (; this.rendered < due; this.rendered++) {
      this.ring.render(this.out);
      if (this.out[0]!.some((v) => Math.abs(v) > 1e-4))
        this.lastSoundAt = this.startedAt + (this.rendered + 1) * QUANTUM_MS;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

interface BargeInTrial {
  silenceMs: number | null;
  depthMs: number;
}

/** 20 ms of a tone at `amplitude` (PCM16 little-endian). */
function toneFrame(amplitude: number, phase: number): Uint8Array {
  const samples = new Int16Array((SAMPLE_RATE * 20) / 1000);
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.round(amplitude * Math.sin((phase + i) / 4));
  return new Uint8Array(samples.buffer);
}

async function bargeIn(): Promise<BargeInTrial> {
  const controller = liveController({ speed: 1, handsFree: true });
  const speaker = new VirtualSpeaker();
  let item = '';
  const off = pipeReplyAudio(controller, {
    audio: (pcm) => speaker.push(item, pcm),
    command: (command) => {
      if (command.type === 'item') {
        item = command.itemId;
        speaker.ring.limitPrebuffer(command.maxBufferMs ?? null); // as the worklet does
      } else if (command.type === 'end') speaker.ring.end();
      else if (command.type === 'clear') speaker.ring.clear();
    },
  });
  // The microphone at real time: a quiet question, silence, then — once the reply has
  // played a while — the user talking over it, loud (louder than the reply: not echo).
  let mode: 'question' | 'quiet' | 'interrupt' = 'question';
  let frames = 0;
  let interruptAt: number | null = null;
  let firstReplySoundAt: number | null = null;
  const connected = await controller.connect();
  if (!connected.ok) throw new Error(`live bench: ${connected.error}`);
  await until(() => controller.snapshot().health.state === 'ready', 10_000, 'the session');
  const started = performance.now();
  const mic = setInterval(() => {
    const due = Math.floor((performance.now() - started) / 20);
    for (; frames < due; frames++) {
      if (mode === 'question' && frames >= 60) mode = 'quiet'; // 1.2 s of question
      if (mode === 'quiet' && firstReplySoundAt === null && speaker.lastSoundAt !== null)
        firstReplySoundAt = performance.now();
      if (mode === 'quiet' && firstReplySoundAt !== null) {
        if (performance.now() - firstReplySoundAt >= 400) {
          mode = 'interrupt';
          interruptAt = performance.now();
        }
      }
      const amplitude = mode === 'question' ? 3000 : mode === 'interrupt' ? 20000 : 0;
      controller.pushAudioFrame(toneFrame(amplitude, frames * 480));
    }
  }, 5);
  try {
    await until(() => interruptAt !== null, 15_000, 'a reply to talk over');
    // Before the interruption itself ends and gets its own reply.
    await new Promise((r) => setTimeout(r, 450));
    speaker.catchUp();
    const last = speaker.lastSoundAt;
    return {
      silenceMs: last === null ? null : Math.max(0, last - interruptAt!),
      depthMs: speaker.deepestMs,
    };
  } finally {
    clearInterval(mic);
    speaker.stop();
    off();
    await controller.dispose();
  }
}
