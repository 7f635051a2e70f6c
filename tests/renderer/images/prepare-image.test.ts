import { describe, expect, it, vi } from 'vitest';
import { prepareImage, type ImageCodec } from '../../../src/renderer/src/images/prepare-image';
import { IMAGE_LIMITS } from '../../../src/shared/image-attachment';

/** A codec that "decodes" to a given size and encodes to blobs of chosen sizes. */
function codec(width: number, height: number, sizeOf: (format: string, quality: number) => number) {
  const encode = vi.fn(
    async (_d: unknown, w: number, h: number, format: string, quality: number) =>
      new Blob([new Uint8Array(sizeOf(format, quality)).fill(1)], { type: `image/${format}` }),
  );
  const close = vi.fn();
  const stub: ImageCodec = { decode: async () => ({ width, height, close }), encode };
  return { stub, encode, close };
}

const file = (type: string, bytes = 10) => new Blob([new Uint8Array(bytes)], { type });

describe('prepareImage', () => {
  it('scales to the model size and picks JPEG for a screen-sized image', async () => {
    const c = codec(2560, 1440, () => 200_000);
    const result = await prepareImage(file('image/png'), c.stub);
    expect(c.encode).toHaveBeenCalledWith(expect.anything(), 1365, 768, 'jpeg', 0.85);
    expect(result).toMatchObject({
      ok: true,
      image: { format: 'jpeg', width: 1365, height: 768, bytes: 200_000 },
    });
    if (result.ok) expect(result.image.dataUrl).toMatch(/^data:image\/jpeg;base64,AQEB/);
    expect(c.close).toHaveBeenCalled();
  });

  it('keeps a small image as PNG at its own size', async () => {
    const c = codec(120, 90, () => 5_000);
    expect(await prepareImage(file('image/webp'), c.stub)).toMatchObject({
      ok: true,
      image: { format: 'png', width: 120, height: 90 },
    });
  });

  it('lowers the JPEG quality until it fits, and gives up clearly', async () => {
    const c = codec(2000, 2000, (_f, q) => (q > 0.55 ? IMAGE_LIMITS.maxSentBytes + 1 : 1000));
    await prepareImage(file('image/jpeg'), c.stub);
    expect(c.encode.mock.calls.map((call) => call[4])).toEqual([0.85, 0.7, 0.55]);
    const hopeless = codec(2000, 2000, () => IMAGE_LIMITS.maxSentBytes + 1);
    expect(await prepareImage(file('image/jpeg'), hopeless.stub)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/still too large once scaled/),
    });
  });

  it('refuses, before decoding, a small file whose header declares a huge canvas', async () => {
    // A PNG signature and IHDR saying 30000×30000 (3.6 GB as RGBA), in a file of 33 bytes.
    const header = new Uint8Array(33);
    header.set([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82]);
    new DataView(header.buffer).setUint32(16, 30_000);
    new DataView(header.buffer).setUint32(20, 30_000);
    header.set([8, 6, 0, 0, 0], 24);
    const decode = vi.fn();
    const result = await prepareImage(new Blob([header], { type: 'image/png' }), {
      decode,
      encode: vi.fn(),
    });
    expect(result).toEqual({
      ok: false,
      error: 'That image is too large to read (30000×30000; at most 50 million pixels).',
    });
    expect(decode).not.toHaveBeenCalled();
  });

  it('refuses a non-image, a file too large, and one that cannot be decoded', async () => {
    const c = codec(10, 10, () => 10);
    expect(await prepareImage(file('application/pdf'), c.stub)).toEqual({
      ok: false,
      error:
        'That is not an image (application/pdf): paste or drop a picture (PNG, JPEG, WebP, GIF).',
    });
    expect(
      await prepareImage(file('image/png', IMAGE_LIMITS.maxInputBytes + 1), c.stub),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/too large \(8192 KB; at most 8192 KB\)/),
    });
    const broken: ImageCodec = {
      decode: () => Promise.reject(new Error('bad')),
      encode: vi.fn(),
    };
    expect(await prepareImage(file('image/png'), broken)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/could not be read: it is damaged/),
    });
    expect(c.encode).not.toHaveBeenCalled();
  });
});
