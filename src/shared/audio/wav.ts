/** WAV (RIFF/WAVE) reading and writing. Pure: bytes in, samples out. */

export interface DecodedWav {
  sampleRate: number;
  channels: Float32Array[];
  bitsPerSample: number;
  encoding: 'pcm' | 'float';
  durationMs: number;
}

export class WavFormatError extends Error {
  override name = 'WavFormatError';
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;
/** Streaming writers (espeak-ng, sox to a pipe) put a placeholder size here. */
const STREAMING_SIZES = new Set([0xffffffff, 0x7fffffff, 0x7ffff000, 0]);

export function decodeWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WAVE') {
    throw new WavFormatError('Not a WAV file: it does not start with a RIFF/WAVE header.');
  }
  let offset = 12;
  let fmt: {
    format: number;
    channels: number;
    sampleRate: number;
    bits: number;
    blockAlign: number;
  } | null = null;
  while (offset + 8 <= bytes.byteLength) {
    const id = ascii(bytes, offset, 4);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.byteLength) {
        throw new WavFormatError('WAV file is truncated inside its "fmt " chunk.');
      }
      let format = view.getUint16(body, true);
      if (format === FORMAT_EXTENSIBLE) {
        if (size < 40 || body + 26 > bytes.byteLength) {
          throw new WavFormatError('WAV file has an extensible format chunk that is too short.');
        }
        format = view.getUint16(body + 24, true); // first two bytes of the sub-format GUID
      }
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new WavFormatError('WAV file has its data before its "fmt " chunk.');
      const available = bytes.byteLength - body;
      let length = size;
      if (size > available) {
        if (!STREAMING_SIZES.has(size)) {
          throw new WavFormatError(
            `WAV file is truncated: its data chunk declares ${size} bytes but only ${available} are present.`,
          );
        }
        length = available;
      } else if (size === 0) {
        length = available;
      }
      return decodeSamples(bytes.subarray(body, body + length), fmt);
    }
    offset = body + size + (size % 2); // chunks are padded to even sizes
  }
  throw new WavFormatError(fmt ? 'WAV file has no data chunk.' : 'WAV file has no "fmt " chunk.');
}

function decodeSamples(
  data: Uint8Array,
  fmt: { format: number; channels: number; sampleRate: number; bits: number; blockAlign: number },
): DecodedWav {
  const { format, channels, sampleRate, bits } = fmt;
  if (channels < 1 || channels > 32) throw new WavFormatError(`WAV file has ${channels} channels.`);
  if (sampleRate < 1000 || sampleRate > 768_000) {
    throw new WavFormatError(`WAV file has an implausible sample rate of ${sampleRate} Hz.`);
  }
  const encoding = format === FORMAT_PCM ? 'pcm' : format === FORMAT_FLOAT ? 'float' : null;
  if (!encoding) {
    throw new WavFormatError(
      `WAV encoding ${format} is not supported; use PCM (8/16/24/32-bit) or 32/64-bit float.`,
    );
  }
  const supported = encoding === 'pcm' ? [8, 16, 24, 32] : [32, 64];
  if (!supported.includes(bits)) {
    throw new WavFormatError(
      `${bits}-bit ${encoding === 'pcm' ? 'PCM' : 'float'} WAV is not supported.`,
    );
  }
  const bytesPerSample = bits / 8;
  const frameBytes = bytesPerSample * channels;
  const frames = Math.floor(data.byteLength / frameBytes);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  const read = sampleReader(encoding, bits, view);
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels; c++) out[c]![f] = read(f * frameBytes + c * bytesPerSample);
  }
  return {
    sampleRate,
    channels: out,
    bitsPerSample: bits,
    encoding,
    durationMs: (frames * 1000) / sampleRate,
  };
}

function sampleReader(
  encoding: 'pcm' | 'float',
  bits: number,
  view: DataView,
): (at: number) => number {
  if (encoding === 'float') {
    return bits === 32 ? (at) => view.getFloat32(at, true) : (at) => view.getFloat64(at, true);
  }
  switch (bits) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128; // 8-bit WAV is unsigned
    case 16:
      return (at) => view.getInt16(at, true) / 32768;
    case 24:
      return (at) => {
        const value =
          view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16);
        return value / 8388608;
      };
    default:
      return (at) => view.getInt32(at, true) / 2147483648;
  }
}

/** A mono PCM16 WAV file, for fixtures and for saving what the simulator heard. */
export function encodeWavPcm16(samples: Int16Array, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + samples.byteLength);
  const view = new DataView(out.buffer);
  writeAscii(out, 0, 'RIFF');
  view.setUint32(4, 36 + samples.byteLength, true);
  writeAscii(out, 8, 'WAVE');
  writeAscii(out, 12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  writeAscii(out, 36, 'data');
  view.setUint32(40, samples.byteLength, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i]!, true);
  return out;
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function writeAscii(bytes: Uint8Array, at: number, text: string): void {
  for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
}
