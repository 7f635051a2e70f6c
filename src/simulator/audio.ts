/**
 * The few PCM16 facts the simulator needs. It is a product of its own that other developers
 * run, so it carries these lines instead of importing the app's audio modules.
 */
export const SAMPLE_RATE = 24_000;
export const BYTES_PER_SAMPLE = 2;
/** The service refuses a commit of less audio than this. */
export const MIN_COMMIT_MS = 100;

export function pcm16BytesToMs(bytes: number, rate = SAMPLE_RATE): number {
  return (bytes / BYTES_PER_SAMPLE / rate) * 1000;
}

export function bytesToPcm16(bytes: Uint8Array): Int16Array {
  if (bytes.byteLength % 2 !== 0)
    throw new RangeError('PCM16 data must have an even number of bytes');
  const out = new Int16Array(bytes.byteLength / 2);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Root-mean-square level of PCM16 samples, 0..1. */
export function rmsPcm16(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]! / 32768;
    sum += s * s;
  }
  return Math.sqrt(sum / samples.length);
}
