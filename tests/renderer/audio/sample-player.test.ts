import { describe, expect, it } from 'vitest';
import { decodeSample } from '../../../src/renderer/src/audio/sample-player';

const base64Of = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

describe('decodeSample', () => {
  it('turns base64 PCM16 little-endian into samples in [-1, 1]', () => {
    const pcm = new Int16Array([0, 32767, -32768, 16384]);
    const base64 = base64Of(new Uint8Array(pcm.buffer));
    expect(Array.from(decodeSample(base64))).toEqual([0, 1, -1, Math.fround(16384 / 32767)]);
  });

  it('refuses half a sample instead of shifting every later one', () => {
    expect(() => decodeSample(base64Of(new Uint8Array([1, 2, 3])))).toThrow(RangeError);
  });
});
