import { createHash } from 'node:crypto';
import { imageSize } from 'image-size';
import {
  fitsModelSize,
  IMAGE_LIMITS,
  kb,
  splitImageDataUrl,
  type ImageFacts,
} from '../../../shared/image-attachment';

/** An image ready to be shown for approval and sent: its data URL and what it is. */
export interface CheckedImage extends ImageFacts {
  dataUrl: string;
}

export type ImageCheck = { ok: true; image: CheckedImage } | { ok: false; error: string };

/**
 * Check an image before it is offered: a PNG or JPEG data URL whose bytes are what it says
 * (image-size reads the header), already at the size the model uses and within the size
 * limit. The hash is of the file's bytes, so what was approved can be compared with what
 * was received.
 */
export function checkImageDataUrl(dataUrl: string): ImageCheck {
  const split = splitImageDataUrl(dataUrl);
  if (!split.ok) return split;
  const bytes = Buffer.from(split.base64, 'base64');
  if (bytes.byteLength > IMAGE_LIMITS.maxSentBytes)
    return {
      ok: false,
      error: `The image is too large to send (${kb(bytes.byteLength)}; at most ${kb(IMAGE_LIMITS.maxSentBytes)}).`,
    };
  let header: { width?: number; height?: number; type?: string };
  try {
    header = imageSize(bytes);
  } catch {
    return { ok: false, error: 'The image could not be read: it is damaged or not a PNG or JPEG.' };
  }
  const format = header.type === 'png' ? 'png' : header.type === 'jpg' ? 'jpeg' : null;
  if (format !== split.format)
    return { ok: false, error: 'The image data is not the PNG or JPEG it claims to be.' };
  const width = header.width ?? 0;
  const height = header.height ?? 0;
  if (width < 1 || height < 1)
    return { ok: false, error: 'The image could not be read: it has no size.' };
  if (!fitsModelSize(width, height))
    return {
      ok: false,
      error: `The image is ${width}×${height}; it must be scaled to fit ${IMAGE_LIMITS.maxSide}×${IMAGE_LIMITS.maxSide} with its short side at most ${IMAGE_LIMITS.maxShortSide} first.`,
    };
  return {
    ok: true,
    image: {
      dataUrl,
      format,
      width,
      height,
      bytes: bytes.byteLength,
      sha256: sha256Hex(bytes),
    },
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The facts of an image data URL for a log line, or null when it is not a PNG/JPEG one. */
export function factsOfDataUrl(dataUrl: string): ImageFacts | null {
  const match = /^data:image\/(png|jpeg);base64,/.exec(dataUrl);
  if (!match) return null;
  const bytes = Buffer.from(dataUrl.slice(match[0].length), 'base64');
  let width = 0;
  let height = 0;
  try {
    const header = imageSize(bytes);
    width = header.width ?? 0;
    height = header.height ?? 0;
  } catch {
    // damaged: still logged as an image, with no size
  }
  return {
    format: match[1] as 'png' | 'jpeg',
    width,
    height,
    bytes: bytes.byteLength,
    sha256: sha256Hex(bytes),
  };
}
