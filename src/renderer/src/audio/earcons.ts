import { audioContext } from './audio-context';

/**
 * Short earcons for "listening" and "sent": a rising and a falling blip, quiet and under
 * 100 ms, so they help without getting in the way (off by default).
 */
export function playEarcon(kind: 'start' | 'stop'): void {
  const context = audioContext();
  if (context.state !== 'running') return;
  const now = context.currentTime;
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  const [from, to] = kind === 'start' ? [660, 990] : [880, 587];
  oscillator.frequency.setValueAtTime(from, now);
  oscillator.frequency.exponentialRampToValueAtTime(to, now + 0.08);
  gain.gain.setValueAtTime(0, now);
  gain.gain.linearRampToValueAtTime(0.12, now + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.09);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(now);
  oscillator.stop(now + 0.1);
}
