/** The one audio format Hark speaks on the wire: PCM16 little-endian, 24 kHz, mono. */
export const SAMPLE_RATE = 24_000;
export const BYTES_PER_SAMPLE = 2;
/** 20 ms frames: small enough for low latency, large enough to keep IPC and WS overhead low. */
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;
export const FRAME_BYTES = FRAME_SAMPLES * BYTES_PER_SAMPLE;
/** The server rejects a commit with less than this much buffered audio. */
export const MIN_COMMIT_MS = 100;

export function samplesToMs(samples: number, rate = SAMPLE_RATE): number {
  return (samples * 1000) / rate;
}

export function pcm16BytesToMs(bytes: number): number {
  return samplesToMs(bytes / BYTES_PER_SAMPLE);
}
