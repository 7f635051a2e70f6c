import { describe, expect, it } from 'vitest';
import { checkImageDataUrl, factsOfDataUrl } from '../../../../src/main/assistant/look/image-check';
import { testJpeg, testPng } from '../../../simulator/support/images';

describe('checkImageDataUrl', () => {
  it('accepts a PNG or JPEG at the model size, with its facts and the hash of its bytes', () => {
    const png = testPng(300, 200, [9, 9, 9]);
    expect(checkImageDataUrl(png.dataUrl)).toEqual({
      ok: true,
      image: {
        dataUrl: png.dataUrl,
        format: 'png',
        width: 300,
        height: 200,
        bytes: png.bytes.byteLength,
        sha256: png.sha256,
      },
    });
    const jpg = testJpeg(1456, 768, [50, 60, 70]);
    expect(checkImageDataUrl(jpg.dataUrl)).toMatchObject({
      ok: true,
      image: { format: 'jpeg', width: 1456, height: 768, sha256: jpg.sha256 },
    });
  });

  it('refuses an image that is too big, mislabelled, damaged or not scaled', () => {
    expect(checkImageDataUrl(testPng(1000, 1000, [0, 0, 0]).dataUrl)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/1000×1000; it must be scaled/),
    });
    const png = testPng(10, 10, [0, 0, 0]);
    expect(checkImageDataUrl(png.dataUrl.replace('png', 'jpeg'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not the PNG or JPEG it claims/),
    });
    for (const junk of ['AAAAAAAA', 'aGVsbG8gd29ybGQ='])
      expect(checkImageDataUrl(`data:image/png;base64,${junk}`)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/damaged or not a PNG or JPEG|not the PNG or JPEG it claims/),
      });
    // Noise does not compress: a 768×768 noisy PNG is well above the sending limit.
    const noisy = testPng(700, 700, [0, 0, 0]);
    const big = `data:image/png;base64,${Buffer.concat([noisy.bytes, Buffer.alloc(800 * 1024, 7)]).toString('base64')}`;
    expect(checkImageDataUrl(big)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/too large/),
    });
  });

  it('factsOfDataUrl names an image for a log line, a damaged one included', () => {
    const jpg = testJpeg(20, 10, [1, 1, 1]);
    expect(factsOfDataUrl(jpg.dataUrl)).toEqual({
      format: 'jpeg',
      width: 20,
      height: 10,
      bytes: jpg.bytes.byteLength,
      sha256: jpg.sha256,
    });
    expect(factsOfDataUrl('data:image/png;base64,AAAA')).toMatchObject({
      width: 0,
      height: 0,
      bytes: 3,
    });
    expect(factsOfDataUrl('data:image/gif;base64,AAAA')).toBeNull();
  });
});
