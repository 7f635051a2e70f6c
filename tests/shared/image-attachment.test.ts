import { describe, expect, it } from 'vitest';
import {
  base64Bytes,
  describeImageFacts,
  fitsModelSize,
  IMAGE_LIMITS,
  imagePlaceholder,
  MAX_DATA_URL_CHARS,
  modelSize,
  preferredFormat,
  splitImageDataUrl,
} from '../../src/shared/image-attachment';

describe('modelSize (OpenAI high-detail scaling)', () => {
  it('fits within 2048×2048, then brings the shortest side to 768', () => {
    expect(modelSize(4096, 2160)).toEqual({ width: 1456, height: 768 });
    expect(modelSize(2560, 1440)).toEqual({ width: 1365, height: 768 });
    expect(modelSize(1024, 1024)).toEqual({ width: 768, height: 768 });
    expect(modelSize(10_000, 100)).toEqual({ width: 2048, height: 20 });
  });

  it('never enlarges, and keeps at least one pixel', () => {
    expect(modelSize(640, 400)).toEqual({ width: 640, height: 400 });
    expect(modelSize(100_000, 1)).toEqual({ width: 2048, height: 1 });
    expect(() => modelSize(0, 10)).toThrow(/Not an image size/);
  });

  it('what modelSize gives always fits', () => {
    for (const [w, h] of [
      [4096, 2160],
      [3000, 7000],
      [769, 769],
      [1, 5000],
    ] as const) {
      const size = modelSize(w, h);
      expect(fitsModelSize(size.width, size.height), `${w}×${h}`).toBe(true);
    }
    expect(fitsModelSize(2049, 10)).toBe(false);
    expect(fitsModelSize(1000, 1000)).toBe(false);
  });
});

describe('image data URLs', () => {
  it('splits a PNG or JPEG data URL and refuses anything else', () => {
    expect(splitImageDataUrl('data:image/png;base64,iVBORw0K')).toEqual({
      ok: true,
      format: 'png',
      base64: 'iVBORw0K',
    });
    expect(splitImageDataUrl('data:image/jpeg;base64,/9j/4AAQ')).toMatchObject({ format: 'jpeg' });
    for (const bad of [
      'data:image/gif;base64,R0lG',
      'data:image/png,rawbytes',
      'https://example.com/a.png',
      'data:image/png;base64,',
      'data:image/png;base64,abc def',
    ])
      expect(splitImageDataUrl(bad)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/PNG or JPEG/),
      });
    expect(
      splitImageDataUrl(`data:image/png;base64,${'A'.repeat(MAX_DATA_URL_CHARS)}`),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/too large to send .* at most 720 KB/),
    });
  });

  it('measures base64 and names an image in a few words', () => {
    expect(base64Bytes('aGVsbG8=')).toBe(5);
    expect(base64Bytes('data:image/png;base64,aGVsbG8gd29ybGQ=')).toBe(11);
    const facts = {
      format: 'png' as const,
      width: 640,
      height: 400,
      bytes: 49_152,
      sha256: 'a'.repeat(64),
    };
    expect(describeImageFacts(facts)).toBe('PNG 640×400, 48 KB');
    expect(imagePlaceholder(facts)).toBe(`[image png 640×400, 48 KB, sha256 ${'a'.repeat(64)}]`);
  });

  it('prefers PNG for small images and JPEG for screens', () => {
    expect(preferredFormat(200, 200)).toBe('png');
    expect(preferredFormat(1456, 768)).toBe('jpeg');
    expect(IMAGE_LIMITS.maxSentBytes).toBeLessThan(IMAGE_LIMITS.maxInputBytes);
  });
});
