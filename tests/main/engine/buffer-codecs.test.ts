import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latin1Text, writeBase64 } from '../../../src/main/engine/buffer-codecs';

describe("Buffer's codecs called directly", () => {
  it('property: latin1Text is toString("latin1") over any bytes and range', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.nat(), (raw, a, b) => {
        const bytes = Buffer.from(raw);
        const start = a % (bytes.length + 1);
        const end = start + (b % (bytes.length - start + 1));
        expect(latin1Text(bytes, start, end)).toBe(bytes.toString('latin1', start, end));
      }),
    );
  });

  it('property: writeBase64 writes and counts as write(…, "base64") does, junk and padding included', () => {
    const base64ish = fc
      .array(fc.constantFrom(...'AZaz09+/=_-" \\é'.split('')), { maxLength: 80 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(base64ish, fc.nat(40), fc.nat(80), (text, offset, length) => {
        const ours = Buffer.alloc(128, 0xee);
        const theirs = Buffer.alloc(128, 0xee);
        expect(writeBase64(ours, text, offset, length)).toBe(
          theirs.write(text, offset, length, 'base64'),
        );
        expect(ours.equals(theirs)).toBe(true);
      }),
    );
  });
});
