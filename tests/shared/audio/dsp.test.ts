import { describe, expect, it } from 'vitest';
import {
  bytesToPcm16,
  floatToPcm16,
  isDigitalSilence,
  mixToMono,
  pcm16ToBytes,
  pcm16ToFloat,
  resample,
  rmsFloat,
} from '../../../src/shared/audio/dsp';
import { sine, zeroCrossingFrequency } from '../../support/audio';

describe('floatToPcm16', () => {
  it('maps full scale asymmetrically, so both ends reach the PCM16 limits', () => {
    expect([...floatToPcm16(new Float32Array([-1, 0, 1]))]).toEqual([-32768, 0, 32767]);
  });

  it('clips values beyond full scale instead of wrapping around', () => {
    expect([...floatToPcm16(new Float32Array([1.5, -2, 100, -100]))]).toEqual([
      32767, -32768, 32767, -32768,
    ]);
  });

  it('rounds to the nearest integer', () => {
    // 0.6 of a step rounds away from zero, 0.4 of a step rounds to zero (Int16Array stores -0 as 0)
    expect([
      ...floatToPcm16(new Float32Array([0.6 / 32767, 0.4 / 32767, -0.6 / 32768, -0.4 / 32768])),
    ]).toEqual([1, 0, -1, 0]);
  });

  it('turns NaN into silence', () => {
    expect([...floatToPcm16(new Float32Array([NaN]))]).toEqual([0]);
  });

  it('writes into a given buffer and refuses one that is too small', () => {
    const out = new Int16Array(2);
    expect(floatToPcm16(new Float32Array([0.5, -0.5]), out)).toBe(out);
    expect(() => floatToPcm16(new Float32Array(3), new Int16Array(2))).toThrow(RangeError);
  });

  it('round-trips through pcm16ToFloat within one quantisation step', () => {
    const input = sine(440, 24000, 0.01);
    const back = pcm16ToFloat(floatToPcm16(input));
    for (let i = 0; i < input.length; i++)
      expect(Math.abs(back[i]! - input[i]!)).toBeLessThan(1 / 32767);
  });
});

describe('mixToMono', () => {
  it('averages channels', () => {
    expect([...mixToMono([new Float32Array([1, 0.5]), new Float32Array([0, -0.5])])]).toEqual([
      0.5, 0,
    ]);
  });
  it('returns a single channel as it is', () => {
    const only = new Float32Array([0.1]);
    expect(mixToMono([only])).toBe(only);
  });
});

describe('resample', () => {
  it.each([
    [44100, 24000],
    [48000, 24000],
    [16000, 24000],
    [8000, 24000],
    [22050, 24000],
  ])('keeps a 440 Hz tone at 440 Hz from %i to %i Hz', (from, to) => {
    const out = resample(sine(440, from, 1), from, to);
    expect(out.length).toBe(to);
    expect(zeroCrossingFrequency(out.subarray(100, out.length - 100), to)).toBeCloseTo(440, -1);
    expect(rmsFloat(out.subarray(100, out.length - 100))).toBeCloseTo(0.5 / Math.SQRT2, 1);
  });

  it('filters out content above the new Nyquist frequency when downsampling', () => {
    // 15 kHz cannot exist at 24 kHz; without a low-pass it would alias to 9 kHz.
    const out = resample(sine(15000, 48000, 0.5), 48000, 24000);
    expect(rmsFloat(out.subarray(200, out.length - 200))).toBeLessThan(0.02);
  });

  it('copies when the rates match and rejects nonsense rates', () => {
    const input = new Float32Array([1, 2]);
    expect(resample(input, 24000, 24000)).not.toBe(input);
    expect(() => resample(input, 0, 24000)).toThrow(RangeError);
  });
});

describe('byte views and silence', () => {
  it('converts PCM16 to little-endian bytes and back', () => {
    const samples = new Int16Array([1, -2, 32767]);
    const bytes = pcm16ToBytes(samples);
    expect([...bytes.subarray(0, 4)]).toEqual([1, 0, 0xfe, 0xff]);
    expect([...bytesToPcm16(bytes)]).toEqual([1, -2, 32767]);
    expect(() => bytesToPcm16(new Uint8Array(3))).toThrow(/even number/);
  });

  it('recognises digital silence', () => {
    expect(isDigitalSilence(new Int16Array(480))).toBe(true);
    expect(isDigitalSilence(new Int16Array([0, 1]))).toBe(false);
  });
});
