import { audioContext, audioUse, ensureRunning } from './audio-context';

/** Seconds the "working" cue lasts: two soft, low notes, well under a third of a second. */
export const WORKING_CUE_SECONDS = 0.26;

/**
 * A soft, short "still working" cue for a tool that takes a while: two low notes (a fifth
 * apart) at a third of the earcons' loudness, so it reads as "hold on", not as an alert.
 * Resolves false when the speaker could not be woken (the cue is then skipped, not queued).
 */
export async function playWorkingCue(context: AudioContext = audioContext()): Promise<boolean> {
  audioUse.set('cue', true); // an idle-suspended context wakes for it
  try {
    if (!(await ensureRunning(context))) return false;
    const now = context.currentTime;
    const gain = context.createGain();
    gain.gain.setValueAtTime(0, now);
    gain.connect(context.destination);
    for (const [offset, frequency] of [
      [0, 392],
      [0.13, 523.25],
    ] as const) {
      const at = now + offset;
      const oscillator = context.createOscillator();
      oscillator.frequency.setValueAtTime(frequency, at);
      gain.gain.linearRampToValueAtTime(0.04, at + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.12);
      oscillator.connect(gain);
      oscillator.start(at);
      oscillator.stop(at + 0.125);
    }
    await new Promise((resolve) => setTimeout(resolve, WORKING_CUE_SECONDS * 1000));
    return true;
  } finally {
    audioUse.set('cue', false);
  }
}
