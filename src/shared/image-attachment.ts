/**
 * "Look at this": the limits and shapes both sides share for an image sent to the model
 * (pasted, dropped, or a capture of the screen). Pure: used by main, the page and tests.
 */
import { z } from 'zod';

export type ImageFormat = 'png' | 'jpeg';

export const IMAGE_LIMITS = {
  /** A file the user pastes or drops is refused above this, before it is decoded. */
  maxInputBytes: 8 * 1024 * 1024,
  /**
   * And above this many pixels, read from its header before it is decoded: a few MB of
   * PNG can declare 30000×30000 (3.6 GB decoded). 50 MP holds an 8K screen or a phone photo.
   */
  maxInputPixels: 50_000_000,
  /**
   * What is sent after downscaling: a larger encoding is refused (the page and the capture
   * retry at a lower JPEG quality). 720 KB as base64 fits one web-preview bridge message
   * (1 MiB); a 2048×768 screen as JPEG at 0.85 is usually 150–400 KB.
   */
  maxSentBytes: 720 * 1024,
  /** OpenAI's high-detail scaling: fit within 2048×2048, then the shortest side at most 768. */
  maxSide: 2048,
  maxShortSide: 768,
  /** JPEG quality for photos and screens (0–1, as canvas and nativeImage take it ×100). */
  jpegQuality: 0.85,
  /** Below this many pixels a PNG is small enough and keeps text crisp. */
  pngMaxPixels: 256 * 256,
} as const;

/** The largest data URL main accepts: base64 of maxSentBytes plus its prefix. */
export const MAX_DATA_URL_CHARS = Math.ceil(IMAGE_LIMITS.maxSentBytes / 3) * 4 + 64;

/**
 * The size the model sees an image at (OpenAI's high-detail scaling: fit within 2048×2048,
 * then scale so the shortest side is at most 768). Never enlarges; at least 1×1.
 */
export function modelSize(width: number, height: number): { width: number; height: number } {
  if (!(width >= 1 && height >= 1)) throw new Error(`Not an image size: ${width}×${height}.`);
  let scale = Math.min(1, IMAGE_LIMITS.maxSide / Math.max(width, height));
  scale = Math.min(scale, IMAGE_LIMITS.maxShortSide / Math.min(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** Whether an image of this size is already what modelSize gives (with a pixel of rounding). */
export function fitsModelSize(width: number, height: number): boolean {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  return long <= IMAGE_LIMITS.maxSide && short <= IMAGE_LIMITS.maxShortSide + 1;
}

/** PNG for small images (crisp text), JPEG for photos and screens. */
export function preferredFormat(width: number, height: number): ImageFormat {
  return width * height <= IMAGE_LIMITS.pngMaxPixels ? 'png' : 'jpeg';
}

const DATA_URL = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/]+={0,2})$/;

/** A PNG or JPEG base64 data URL split in its parts, or why it is not one. */
export function splitImageDataUrl(
  dataUrl: string,
): { ok: true; format: ImageFormat; base64: string } | { ok: false; error: string } {
  if (dataUrl.length > MAX_DATA_URL_CHARS)
    return {
      ok: false,
      error: `The image is too large to send (${kb(base64Bytes(dataUrl))}; at most ${kb(IMAGE_LIMITS.maxSentBytes)}).`,
    };
  const match = DATA_URL.exec(dataUrl);
  if (!match)
    return { ok: false, error: 'Only PNG or JPEG images (as base64 data URLs) can be sent.' };
  return { ok: true, format: match[1] as ImageFormat, base64: match[2]! };
}

/** Bytes a base64 text decodes to. */
export function base64Bytes(base64: string): number {
  const body = base64.includes(',') ? base64.slice(base64.indexOf(',') + 1) : base64;
  const padding = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((body.length * 3) / 4) - padding);
}

export function kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KB`;
}

/** What is shown and logged of an image instead of its bytes. */
export interface ImageFacts {
  format: ImageFormat;
  width: number;
  height: number;
  bytes: number;
  /** SHA-256 (hex) of the image file's bytes. */
  sha256: string;
}

export const imageFactsSchema = z.object({
  format: z.enum(['png', 'jpeg']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** "PNG 640×400, 48 KB": the image in a few words. */
export function describeImageFacts(facts: Omit<ImageFacts, 'sha256'>): string {
  return `${facts.format.toUpperCase()} ${facts.width}×${facts.height}, ${kb(facts.bytes)}`;
}

/** The inspector's and logs' stand-in for an image: "[image png 640×400, 48 KB, sha256 …]". */
export function imagePlaceholder(facts: ImageFacts): string {
  return `[image ${facts.format} ${facts.width}×${facts.height}, ${kb(facts.bytes)}, sha256 ${facts.sha256}]`;
}

/** What the page sends: an image it pasted or dropped, already downscaled to modelSize. */
export const attachImageSchema = z.strictObject({
  dataUrl: z.string().min(1).max(MAX_DATA_URL_CHARS),
  source: z.enum(['paste', 'drop']),
});
export type AttachImageRequest = z.infer<typeof attachImageSchema>;

/** Where an image came from: shown in the approval and the transcript. */
export type ImageOrigin = 'paste' | 'drop' | 'screen' | 'tool';
