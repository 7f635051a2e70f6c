/**
 * Pure DSP used by the capture worklet, the doctor, the tests and the benchmark alike.
 * No DOM, no Node: plain typed arrays in, typed arrays out.
 */

/** Float [-1, 1] → PCM16 with clipping; asymmetric scale so -1 → -32768 and 1 → 32767. */
export function floatToPcm16(input: Float32Array, out = new Int16Array(input.length)): Int16Array {
  if (out.length < input.length) throw new RangeError('floatToPcm16: output buffer is too small');
  for (let i = 0; i < input.length; i++) {
    let s = input[i]!;
    if (!(s === s)) s = 0; // NaN from a broken source becomes silence, not noise
    if (s > 1) s = 1;
    else if (s < -1) s = -1;
    out[i] = Math.round(s < 0 ? s * 32768 : s * 32767);
  }
  return out;
}

export function pcm16ToFloat(
  input: Int16Array,
  out = new Float32Array(input.length),
): Float32Array {
  for (let i = 0; i < input.length; i++) {
    const s = input[i]!;
    out[i] = s < 0 ? s / 32768 : s / 32767;
  }
  return out;
}

/** Average the channels into one. */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 0) return new Float32Array(0);
  if (channels.length === 1) return channels[0]!;
  const length = channels[0]!.length;
  const out = new Float32Array(length);
  for (const channel of channels) {
    for (let i = 0; i < length; i++) out[i]! += channel[i]!;
  }
  const scale = 1 / channels.length;
  for (let i = 0; i < length; i++) out[i]! *= scale;
  return out;
}

const SINC_HALF_WIDTH = 16;

/**
 * Band-limited resampling with a Blackman-windowed sinc. When downsampling the cutoff
 * drops to the new Nyquist, so 44.1/48 kHz speech does not alias into the 24 kHz stream.
 */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError('resample: rates must be positive');
  if (fromRate === toRate) return input.slice();
  const ratio = toRate / fromRate;
  const outLength = Math.round(input.length * ratio);
  const out = new Float32Array(outLength);
  const cutoff = Math.min(1, ratio);
  const halfWidth = Math.ceil(SINC_HALF_WIDTH / cutoff);
  for (let n = 0; n < outLength; n++) {
    const t = n / ratio;
    const center = Math.floor(t);
    let sum = 0;
    let weightSum = 0;
    for (let j = center - halfWidth + 1; j <= center + halfWidth; j++) {
      if (j < 0 || j >= input.length) continue;
      const x = t - j;
      const w = windowedSinc(x * cutoff, x / halfWidth);
      sum += input[j]! * w;
      weightSum += w;
    }
    // Normalising by the tap sum keeps DC gain at 1 near the edges too.
    out[n] = weightSum === 0 ? 0 : sum / weightSum;
  }
  return out;
}

function windowedSinc(x: number, position: number): number {
  const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
  const p = (position + 1) / 2; // 0..1 across the window
  const blackman = 0.42 - 0.5 * Math.cos(2 * Math.PI * p) + 0.08 * Math.cos(4 * Math.PI * p);
  return sinc * blackman;
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

/** Root-mean-square level of float samples, 0..1. */
export function rmsFloat(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

/** True when every sample is exactly zero: what a mic blocked by the OS often delivers. */
export function isDigitalSilence(samples: Int16Array | Float32Array): boolean {
  for (let i = 0; i < samples.length; i++) if (samples[i] !== 0) return false;
  return true;
}

/** View PCM16 samples as little-endian bytes (every platform Hark runs on is little-endian). */
export function pcm16ToBytes(samples: Int16Array): Uint8Array {
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
}

/** Copy little-endian PCM16 bytes into samples; an odd trailing byte is an error, not a guess. */
export function bytesToPcm16(bytes: Uint8Array): Int16Array {
  if (bytes.byteLength % 2 !== 0)
    throw new RangeError('PCM16 data must have an even number of bytes');
  const out = new Int16Array(bytes.byteLength / 2);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
