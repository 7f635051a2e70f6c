import { createHash } from 'node:crypto';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';

/** A test image of one colour, its file bytes and data URL (made here, never a stored fixture). */
export interface TestImage {
  bytes: Buffer;
  dataUrl: string;
  sha256: string;
}

function rgba(width: number, height: number, [r, g, b]: [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = r;
    data[i + 1] = g;
    data[i + 2] = b;
    data[i + 3] = 255;
  }
  return data;
}

function finish(bytes: Buffer, mime: string): TestImage {
  return {
    bytes,
    dataUrl: `data:${mime};base64,${bytes.toString('base64')}`,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

export function testPng(
  width: number,
  height: number,
  colour: [number, number, number],
): TestImage {
  const png = encodePng({ width, height, data: rgba(width, height, colour), channels: 4 });
  return finish(Buffer.from(png), 'image/png');
}

export function testJpeg(
  width: number,
  height: number,
  colour: [number, number, number],
  quality = 90,
): TestImage {
  const encoded = jpeg.encode(
    { width, height, data: Buffer.from(rgba(width, height, colour)) },
    quality,
  );
  return finish(Buffer.from(encoded.data), 'image/jpeg');
}
