import { SAMPLE_RATE } from '../../../src/shared/audio/format';

/** PCM16 mono 24 kHz: a 220 Hz tone (speech-loud for the simulator's VAD), then silence. */
export function toneThenSilence(toneMs: number, silenceMs: number): Int16Array {
  const tone = Math.round((SAMPLE_RATE * toneMs) / 1000);
  const out = new Int16Array(tone + Math.round((SAMPLE_RATE * silenceMs) / 1000));
  for (let i = 0; i < tone; i++)
    out[i] = Math.round(Math.sin((2 * Math.PI * 220 * i) / SAMPLE_RATE) * 8000);
  return out;
}

/** The same samples as 20 ms ArrayBuffers, as a microphone delivers them. */
export function frames(pcm: Int16Array, ms = 20): ArrayBuffer[] {
  const step = (SAMPLE_RATE * ms) / 1000;
  const out: ArrayBuffer[] = [];
  for (let i = 0; i < pcm.length; i += step) out.push(pcm.slice(i, i + step).buffer);
  return out;
}
