import { describe, expect, it } from 'vitest';
import {
  decodeFixture,
  decodePcm16,
  MAX_FIXTURE_BYTES,
} from '../../../src/simulator/live/input-audio';

const b64 = (bytes: number): string => Buffer.alloc(bytes, 1).toString('base64');

describe('decodePcm16', () => {
  it('returns the PCM of valid base64 with whole samples', () => {
    const pcm = decodePcm16(b64(4));
    expect(Buffer.isBuffer(pcm) && [...pcm]).toEqual([1, 1, 1, 1]);
  });

  it('refuses text that is not base64, and an odd byte count', () => {
    expect(decodePcm16('not base64!')).toMatchObject({ code: 'invalid_value', param: 'audio' });
    expect(decodePcm16(b64(3))).toMatchObject({
      code: 'invalid_value',
      message: expect.stringContaining('even number of bytes'),
    });
  });
});

describe('decodeFixture', () => {
  it('accepts exactly 30 s of PCM16 and refuses one sample more', () => {
    expect(Buffer.isBuffer(decodeFixture(b64(MAX_FIXTURE_BYTES)))).toBe(true);
    expect(decodeFixture(b64(MAX_FIXTURE_BYTES + 2))).toMatchObject({
      code: 'invalid_value',
      message: expect.stringContaining('at most 30 seconds'),
    });
  });

  it('reports a bad encoding before the length', () => {
    expect(decodeFixture(b64(MAX_FIXTURE_BYTES + 3))).toMatchObject({
      message: expect.stringContaining('even number of bytes'),
    });
  });
});
