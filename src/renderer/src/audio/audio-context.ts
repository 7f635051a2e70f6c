import { SAMPLE_RATE } from '@shared/audio/format';
import { IdleSuspend } from './idle-suspend';

let shared: AudioContext | null = null;

/**
 * One AudioContext at 24 kHz for capture and playback: the wire rate, so neither side
 * resamples in script; the browser converts to and from the device rate.
 */
export function audioContext(): AudioContext {
  if (!shared || shared.state === 'closed')
    shared = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: 'interactive' });
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
