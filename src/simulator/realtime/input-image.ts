import { createHash } from 'node:crypto';
import { convertIndexedToRgb, decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { imageSize } from 'image-size';

/**
 * What the simulator makes of an `input_image` content part: the service takes a base64
 * data URL of a PNG or JPEG; the simulator decodes it (fast-png, jpeg-js) and answers with
 * its size, format and average colour, so a client's image path is testable offline.
 */
export interface ImageFacts {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  /** The mean of every pixel's red, green and blue (alpha ignored), as `#rrggbb`. */
  meanColour: string;
  /** SHA-256 (hex) of the image file's bytes, after base64 decoding. */
  sha256: string;
  /** The image file's size in bytes. */
  bytes: number;
}

export type ImageReading =
  | {
      ok: true;
      facts: ImageFacts;
      /** What decoding it took (counted against an item's budget). */ decodedBytes: number;
    }
  | { ok: false; message: string };

/** Larger images are refused before decoding: a small file can claim a huge canvas. */
export const MAX_IMAGE_PIXELS = 40_000_000;
/**
 * The decoded samples are bounded too, from the header: a 280 KB PNG of zeros can declare
 * 6000×6000 16-bit RGBA (under the pixel limit) and decode to ~290 MB, taking >1 GB and
 * seconds of the simulator's only thread. 64 MiB is 16 MP as 8-bit RGBA — far more than
 * the 2048×768 images Hark sends.
 */
export const MAX_DECODED_BYTES = 64 * 1024 * 1024;
/** The service's limit on one image is in this region; the simulator states its own. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

const DATA_URL = /^data:image\/(png|jpeg|jpg);base64,([A-Za-z0-9+/]*={0,2})$/;

/**
 * Validate and decode one `image_url` as the simulator accepts it. `budget`: the decoded
 * bytes still allowed (an item's images share MAX_DECODED_BYTES, so a message of many
 * images cannot hold the simulator's thread for minutes).
 */
export function readInputImage(imageUrl: string, budget = MAX_DECODED_BYTES): ImageReading {
  if (!imageUrl.startsWith('data:')) {
    return {
      ok: false,
      message:
        "Invalid 'image_url': Hark's simulator takes only base64 data URLs (data:image/png;base64,… or data:image/jpeg;base64,…).",
    };
  }
  const match = DATA_URL.exec(imageUrl);
  if (!match) {
    const type = /^data:([^;,]*)/.exec(imageUrl)?.[1] ?? '';
    return {
      ok: false,
      message:
        type.startsWith('image/') && !/^image\/(png|jpeg|jpg)$/.test(type)
          ? `Invalid 'image_url': ${type} is not supported; send image/png or image/jpeg as base64.`
          : "Invalid 'image_url': expected a base64 data URL of a PNG or JPEG image.",
    };
  }
  const declared = match[1] === 'png' ? 'png' : 'jpeg';
  const bytes = Buffer.from(match[2]!, 'base64');
  if (bytes.byteLength === 0)
    return { ok: false, message: "Invalid 'image_url': the image is empty." };
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    return {
      ok: false,
      message: `Invalid 'image_url': the image is ${bytes.byteLength} bytes; the simulator takes at most ${MAX_IMAGE_BYTES}.`,
    };
  }
  let header: { width?: number; height?: number; type?: string };
  try {
    header = imageSize(bytes);
  } catch {
    return { ok: false, message: "Invalid 'image_url': the data is not a PNG or JPEG image." };
  }
  const actual = header.type === 'png' ? 'png' : header.type === 'jpg' ? 'jpeg' : null;
  if (actual === null)
    return {
      ok: false,
      message: `Invalid 'image_url': the data is ${header.type ?? 'not an image'}; send a PNG or JPEG.`,
    };
  if (actual !== declared)
    return {
      ok: false,
      message: `Invalid 'image_url': the data URL says image/${declared} but the bytes are a ${actual.toUpperCase()}.`,
    };
  const width = header.width ?? 0;
  const height = header.height ?? 0;
  if (width < 1 || height < 1 || width * height > MAX_IMAGE_PIXELS)
    return {
      ok: false,
      message: `Invalid 'image_url': ${width}×${height} is not a size the simulator decodes (at most ${MAX_IMAGE_PIXELS} pixels).`,
    };
  const decodedBytes = width * height * bytesPerPixel(actual, bytes);
  if (decodedBytes > budget)
    return {
      ok: false,
      message: `Invalid 'image_url': ${width}×${height} decodes to ${Math.round(decodedBytes / 1024 / 1024)} MB; the simulator decodes at most ${MAX_DECODED_BYTES / 1024 / 1024} MB${budget < MAX_DECODED_BYTES ? ` for all the images of one item (${Math.round(budget / 1024 / 1024)} MB left)` : ''}.`,
    };
  let rgbMean: [number, number, number];
  try {
    rgbMean = actual === 'png' ? pngMean(bytes) : jpegMean(bytes);
  } catch (error) {
    return {
      ok: false,
      message: `Invalid 'image_url': the ${actual.toUpperCase()} could not be decoded (${error instanceof Error ? error.message : String(error)}).`,
    };
  }
  return {
    ok: true,
    decodedBytes,
    facts: {
      format: actual,
      width,
      height,
      meanColour: `#${rgbMean.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.byteLength,
    },
  };
}

/** The simulator's deterministic answer to an image. */
export function describeImage(facts: ImageFacts): string {
  return `I see a ${facts.width} by ${facts.height} ${facts.format.toUpperCase()} image; its average colour is ${facts.meanColour}.`;
}

/**
 * Bytes per pixel once decoded: a PNG's from its IHDR (channels × bit depth; a palette
 * image is expanded to RGBA), a JPEG's as jpeg-js gives it (RGBA).
 */
function bytesPerPixel(format: 'png' | 'jpeg', bytes: Buffer): number {
  if (format === 'jpeg' || bytes.byteLength < 26) return 4;
  const depth = bytes[24]!;
  const colourType = bytes[25]!;
  if (colourType === 3) return 4;
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colourType] ?? 4;
  return channels * Math.max(1, depth / 8);
}

function pngMean(bytes: Buffer): [number, number, number] {
  const png = decodePng(bytes);
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    const channels = rgb.length / (png.width * png.height);
    return meanOf(rgb, channels, 255, channels >= 3);
  }
  const max = png.depth === 16 ? 65535 : 2 ** png.depth - 1;
  return meanOf(png.data, png.channels, max, png.channels >= 3);
}

function jpegMean(bytes: Buffer): [number, number, number] {
  const image = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    maxResolutionInMP: MAX_IMAGE_PIXELS / 1_000_000,
    maxMemoryUsageInMB: (2 * MAX_DECODED_BYTES) / 1024 / 1024,
  });
  return meanOf(image.data, 4, 255, true);
}

/** Mean red, green, blue on a 0–255 scale; grey images (1–2 channels) repeat their level. */
function meanOf(
  data: ArrayLike<number>,
  channels: number,
  max: number,
  colour: boolean,
): [number, number, number] {
  const sums = [0, 0, 0];
  const pixels = Math.floor(data.length / channels);
  for (let p = 0; p < pixels; p++) {
    const base = p * channels;
    if (colour) {
      sums[0]! += data[base]!;
      sums[1]! += data[base + 1]!;
      sums[2]! += data[base + 2]!;
    } else {
      const level = data[base]!;
      sums[0]! += level;
      sums[1]! += level;
      sums[2]! += level;
    }
  }
  const scale = 255 / max / Math.max(pixels, 1);
  return [sums[0]! * scale, sums[1]! * scale, sums[2]! * scale];
}
