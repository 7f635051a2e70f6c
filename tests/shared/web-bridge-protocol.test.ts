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
    expect(() => encodeOutputAudio('x'.repeat(300), new Uint8Array())).toThrow(RangeError);
  });
});
