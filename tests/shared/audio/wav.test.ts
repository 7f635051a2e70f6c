import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWavPcm16, WavFormatError } from '../../../src/shared/audio/wav';
import { buildWav } from '../../support/audio';

const frames = [
  [0.5, -0.25],
  [-0.5, 0.25],
  [0, 1],
];

describe('decodeWav', () => {
  it.each([8, 16, 24, 32])('reads %i-bit PCM stereo', (bits) => {
    const wav = decodeWav(buildWav({ rate: 16000, channels: 2, bits, frames }));
    expect(wav.sampleRate).toBe(16000);
    expect(wav.channels).toHaveLength(2);
    expect(wav.encoding).toBe('pcm');
    const tolerance = bits === 8 ? 0.01 : 1e-4;
    frames.forEach(([left, right], i) => {
      expect(Math.abs(wav.channels[0]![i]! - left!)).toBeLessThan(tolerance);
      expect(Math.abs(wav.channels[1]![i]! - right!)).toBeLessThan(tolerance);
    });
  });

  it.each([32, 64])('reads %i-bit float mono', (bits) => {
    const wav = decodeWav(
      buildWav({ rate: 48000, channels: 1, bits, format: 3, frames: [[0.125], [-0.75]] }),
    );
    expect(wav.encoding).toBe('float');
    expect([...wav.channels[0]!]).toEqual([0.125, -0.75]);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE and skips unknown, odd-sized chunks', () => {
    const wav = decodeWav(
      buildWav({
        rate: 44100,
        channels: 1,
        bits: 16,
        frames: [[0.5]],
        extensible: true,
        extraChunk: true,
      }),
    );
    expect(wav.sampleRate).toBe(44100);
    expect(wav.channels[0]![0]).toBeCloseTo(0.5, 3);
  });

  it('reports the duration', () => {
    const wav = decodeWav(
      buildWav({
        rate: 8000,
        channels: 1,
        bits: 16,
        frames: Array.from({ length: 800 }, () => [0]),
      }),
    );
    expect(wav.durationMs).toBe(100);
  });

  it('rejects a file that is not a WAV with a clear message', () => {
    expect(() => decodeWav(new TextEncoder().encode('ID3 this is an mp3'))).toThrow(
      /Not a WAV file/,
    );
    expect(() => decodeWav(new Uint8Array(0))).toThrow(WavFormatError);
  });

  it('rejects a truncated data chunk, saying how much is missing', () => {
    const bytes = buildWav({
      rate: 8000,
      channels: 1,
      bits: 16,
      frames: Array.from({ length: 100 }, () => [0]),
    });
    expect(() => decodeWav(bytes.subarray(0, bytes.length - 50))).toThrow(
      /truncated: its data chunk declares 200 bytes but only 150/,
    );
  });

  it('accepts the placeholder size streaming writers leave behind', () => {
    const bytes = buildWav({
      rate: 8000,
      channels: 1,
      bits: 16,
      frames: [[0.5], [0.5]],
      declaredDataBytes: 0xffffffff,
    });
    expect(decodeWav(bytes).channels[0]).toHaveLength(2);
  });

  it('rejects a truncated header and unsupported encodings', () => {
    const bytes = buildWav({ rate: 8000, channels: 1, bits: 16, frames: [[0]] });
    expect(() => decodeWav(bytes.subarray(0, 24))).toThrow(/truncated inside its "fmt " chunk/);
    expect(() =>
      decodeWav(buildWav({ rate: 8000, channels: 1, bits: 16, format: 2, frames: [[0]] })),
    ).toThrow(/encoding 2 is not supported/);
    expect(() => decodeWav(buildWav({ rate: 8000, channels: 1, bits: 12, frames: [] }))).toThrow(
      /12-bit PCM/,
    );
  });

  it('round-trips what encodeWavPcm16 writes', () => {
    const samples = new Int16Array([0, 16384, -32768, 32767]);
    const wav = decodeWav(encodeWavPcm16(samples, 24000));
    expect(wav.sampleRate).toBe(24000);
    expect([...wav.channels[0]!].map((v) => Math.round(v * 32768))).toEqual([
      0, 16384, -32768, 32767,
    ]);
  });
});
