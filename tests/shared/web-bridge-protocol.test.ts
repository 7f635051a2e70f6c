import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeOutputAudio, encodeOutputAudio } from '../../src/shared/web-bridge-protocol';

describe('output audio frames', () => {
  it('round-trip the item id and the PCM', () => {
    const pcm = new Uint8Array([1, 2, 3, 4]);
    const decoded = decodeOutputAudio(encodeOutputAudio('item_abc', pcm));
    expect(decoded.itemId).toBe('item_abc');
    expect([...decoded.pcm]).toEqual([1, 2, 3, 4]);
  });

  it('reject truncated frames and overlong ids', () => {
    expect(() => decodeOutputAudio(new Uint8Array([10, 1]))).toThrow(/truncated/);
    expect(() => decodeOutputAudio(new Uint8Array(0))).toThrow(/truncated/);
    expect(() => encodeOutputAudio('x'.repeat(300), new Uint8Array())).toThrow(RangeError);
  });

  it('round-trip any id of up to 255 UTF-8 bytes with any PCM (2,000 generated)', () => {
    const id = fc
      .string({ maxLength: 60 })
      .filter((s) => new TextEncoder().encode(s).length <= 255);
    fc.assert(
      fc.property(id, fc.uint8Array({ maxLength: 4800 }), (itemId, pcm) => {
        const decoded = decodeOutputAudio(encodeOutputAudio(itemId, pcm));
        return decoded.itemId === itemId && Buffer.from(decoded.pcm).equals(Buffer.from(pcm));
      }),
      { numRuns: 2000 },
    );
  });

  it('decode any bytes into a frame or a RangeError, nothing else (2,000 generated)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        try {
          decodeOutputAudio(bytes);
          return bytes.length >= 1 + bytes[0]!;
        } catch (error) {
          return error instanceof RangeError && bytes.length < 1 + (bytes[0] ?? 0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
