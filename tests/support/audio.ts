/** Test signals. */
export function sine(
  frequency: number,
  rate: number,
  seconds: number,
  amplitude = 0.5,
): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++)
    out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / rate);
  return out;
}

/** Estimate a tone's frequency by counting zero crossings. */
export function zeroCrossingFrequency(samples: Float32Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 !== samples[i]! < 0) crossings++;
  return (crossings / 2) * (rate / samples.length);
}

/** Build a WAV file byte by byte, independently of the code under test. */
export function buildWav(options: {
  rate: number;
  channels: number;
  bits: number;
  format?: number;
  frames: number[][];
  extensible?: boolean;
  extraChunk?: boolean;
  declaredDataBytes?: number;
}): Uint8Array {
  const { rate, channels, bits } = options;
  const bytesPerSample = bits / 8;
  const data: number[] = [];
  const push = (value: number, size: number): void => {
    for (let b = 0; b < size; b++) data.push((value >> (8 * b)) & 0xff);
  };
  const float = options.format === 3;
  for (const frame of options.frames) {
    for (let c = 0; c < channels; c++) {
      const v = frame[c]!;
      if (float && bits === 32) {
        const buf = new DataView(new ArrayBuffer(4));
        buf.setFloat32(0, v, true);
        for (let b = 0; b < 4; b++) data.push(buf.getUint8(b));
      } else if (float && bits === 64) {
        const buf = new DataView(new ArrayBuffer(8));
        buf.setFloat64(0, v, true);
        for (let b = 0; b < 8; b++) data.push(buf.getUint8(b));
      } else if (bits === 8) {
        data.push(Math.round(v * 127) + 128);
      } else {
        const max = 2 ** (bits - 1) - 1;
        push(Math.round(v * max), bytesPerSample);
      }
    }
  }
  const fmtSize = options.extensible ? 40 : 16;
  const extra = options.extraChunk ? 8 + 3 + 1 : 0; // odd-sized LIST chunk plus its pad byte
  const total = 12 + 8 + fmtSize + extra + 8 + data.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const ascii = (at: number, s: string): void =>
    [...s].forEach((ch, i) => (out[at + i] = ch.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, total - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, options.extensible ? 0xfffe : (options.format ?? 1), true);
  view.setUint16(22, channels, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * channels * bytesPerSample, true);
  view.setUint16(32, channels * bytesPerSample, true);
  view.setUint16(34, bits, true);
  let at = 36;
  if (options.extensible) {
    view.setUint16(36, 22, true);
    view.setUint16(38, bits, true);
    view.setUint32(40, 0, true);
    view.setUint16(44, options.format ?? 1, true); // sub-format GUID starts with the format tag
    at = 12 + 8 + fmtSize;
  }
  if (options.extraChunk) {
    ascii(at, 'LIST');
    view.setUint32(at + 4, 3, true);
    at += 8 + 4;
  }
  ascii(at, 'data');
  view.setUint32(at + 4, options.declaredDataBytes ?? data.length, true);
  out.set(data, at + 8);
  return out;
}
