import type { HealthSnapshot, HealthState } from '../../../src/shared/health';
import type { NoticeMessage } from '../../../src/shared/ipc';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../../../src/main/settings/settings-model';
import {
  RealtimeSimulator,
  type ReceivedTurn,
  type SimulatorOptions,
} from '../../../src/simulator/server';
import {
  VoiceController,
  type VoiceControllerOptions,
} from '../../../src/main/voice/voice-controller';
import { FaultProxy, type FaultPlan } from './fault-proxy';

export interface Harness {
  controller: VoiceController;
  simulator: RealtimeSimulator;
  proxy: FaultProxy;
  states: HealthState[];
  notices: NoticeMessage[];
  turns: ReceivedTurn[];
  items: { connection: number; itemId: string; role: string; text: string | null }[];
  unhandled: unknown[];
  health(): HealthSnapshot;
  until(state: HealthState, timeoutMs?: number): Promise<HealthSnapshot>;
  /** Press, stream `frames` numbered 20 ms frames (each frame's samples hold its index), release. */
  speak(
    frames: number,
    options?: { release?: boolean; between?: () => Promise<void> | void; at?: number },
  ): Promise<void>;
  close(): Promise<void>;
}

/** A VoiceController talking to the simulator through a fault proxy, with everything recorded. */
export async function harness(
  plan: FaultPlan = {},
  options: { simulator?: SimulatorOptions; controller?: Partial<VoiceControllerOptions> } = {},
): Promise<Harness> {
  const simulator = new RealtimeSimulator({ pacing: 'instant', ...options.simulator });
  const proxy = new FaultProxy(await simulator.start(), plan);
  await proxy.start();
  const controller = new VoiceController({
    settings: new MemorySettingsStore({
      ...DEFAULT_SETTINGS,
      provider: 'custom',
      customUrl: proxy.url,
      onboarded: true,
    }),
    secrets: new MemorySecretStore('sk-fault-test'),
    backoff: { firstMs: 20, capMs: 200 },
    setupTimeoutMs: 3000,
    ...options.controller,
  });
  const states: HealthState[] = [];
  const notices: NoticeMessage[] = [];
  const turns: ReceivedTurn[] = [];
  const items: Harness['items'] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  let last: HealthSnapshot = controller.snapshot().health;
  controller.on('health', (h) => {
    last = h;
    if (states.at(-1) !== h.state) states.push(h.state);
  });
  controller.on('notice', (n) => notices.push(n));
  simulator.on('turn-committed', (t) => turns.push(t));
  simulator.on('item-created', (i) => items.push(i));

  const until = (state: HealthState, timeoutMs = 5000): Promise<HealthSnapshot> =>
    new Promise((resolve, reject) => {
      if (last.state === state) return resolve(last);
      const timer = setTimeout(() => {
        off();
        reject(new Error(`health never became ${state}; states were ${states.join(' → ')}`));
      }, timeoutMs);
      const off = controller.on('health', (h) => {
        if (h.state !== state) return;
        clearTimeout(timer);
        off();
        resolve(h);
      });
    });

  let frameCounter = 0;
  const speak: Harness['speak'] = async (frames, speakOptions = {}) => {
    controller.talkStart();
    for (let i = 0; i < frames; i++) {
      if (speakOptions.at === i) await speakOptions.between?.();
      const frame = new Int16Array(480).fill(++frameCounter);
      controller.pushAudioFrame(new Uint8Array(frame.buffer));
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (speakOptions.at === undefined) await speakOptions.between?.();
    if (speakOptions.release !== false) controller.talkStop();
  };

  return {
    controller,
    simulator,
    proxy,
    states,
    notices,
    turns,
    items,
    unhandled,
    health: () => last,
    until,
    speak,
    close: async () => {
      await controller.dispose();
      await proxy.stop();
      await simulator.stop();
      process.off('unhandledRejection', onUnhandled);
    },
  };
}

/** The frame numbers a committed turn carries, in order (each 20 ms frame holds its number). */
export function frameNumbers(turn: ReceivedTurn): number[] {
  const samples = new Int16Array(turn.pcm.buffer, turn.pcm.byteOffset, turn.pcm.byteLength / 2);
  const out: number[] = [];
  for (let i = 0; i < samples.length; i += 480) out.push(samples[i]!);
  return out;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** A promise the test opens when it chooses, e.g. to let a held reconnect through. */
export function gate(): { held: Promise<void>; open(): void } {
  let open!: () => void;
  const held = new Promise<void>((resolve) => (open = resolve));
  return { held, open };
}
