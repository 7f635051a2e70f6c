import { SAMPLE_RATE } from '@shared/audio/format';
import { IdleSuspend } from './idle-suspend';

let shared: AudioContext | null = null;

/**
 * Ask for the shortest output period the platform allows: the first reply sample waits for
 * the next device callback, and 'interactive' gives 10 ms periods where 0 gives 128 frames
 * (5.3 ms at 24 kHz) in Chromium on Linux; platforms clamp it to what their device takes.
 * The playback ring's adaptive prebuffer absorbs jitter either way (docs/benchmarks.md).
 */
export const LATENCY_HINT = 0;

/**
 * One AudioContext at 24 kHz for capture and playback: the wire rate, so neither side
 * resamples in script; the browser converts to and from the device rate.
 */
export function audioContext(): AudioContext {
  if (!shared || shared.state === 'closed')
    shared = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: LATENCY_HINT });
  return shared;
}

/** Who needs the context now: it is suspended a short while after neither does. */
export const audioUse = new IdleSuspend(() => shared);

/** Resume a suspended context (autoplay policy, device change); false when it stays suspended. */
export async function ensureRunning(context: AudioContext): Promise<boolean> {
  if (context.state === 'running') return true;
  try {
    await Promise.race([context.resume(), new Promise((resolve) => setTimeout(resolve, 1000))]);
  } catch {
    return false;
  }
  return (context.state as AudioContextState) === 'running';
}
