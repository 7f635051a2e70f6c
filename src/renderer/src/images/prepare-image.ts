import { imageSize } from 'image-size';
import {
  IMAGE_LIMITS,
  kb,
  modelSize,
  preferredFormat,
  type ImageFormat,
} from '@shared/image-attachment';

/** An image scaled to what the model uses and encoded, ready to offer for approval. */
export interface PreparedImage {
  dataUrl: string;
  format: ImageFormat;
  width: number;
  height: number;
  bytes: number;
}

export type Preparation = { ok: true; image: PreparedImage } | { ok: false; error: string };

/** Decoding and encoding, as the browser does them (a stand-in in unit tests). */
export interface ImageCodec {
  /** The decoded image, or a thrown error when it cannot be decoded. */
  decode(blob: Blob): Promise<{ width: number; height: number; close(): void }>;
  /** Draw the decoded image at `width`×`height` and encode it. */
  encode(
    decoded: { width: number; height: number },
    width: number,
    height: number,
    format: ImageFormat,
    quality: number,
  ): Promise<Blob>;
}

/** Lower JPEG qualities tried in turn when an encoding is above the sending limit. */
const FALLBACK_QUALITIES = [0.7, 0.55, 0.4];

/**
 * A pasted or dropped file made ready to send: refused when it is not an image, too large
 * or undecodable (saying which); else scaled to the model's size (OpenAI's high-detail
 * scaling: within 2048×2048, short side at most 768) and encoded as PNG when small, JPEG
 * otherwise, at a lower JPEG quality if needed to stay within the sending limit.
 */
export async function prepareImage(
  blob: Blob,
  codec: ImageCodec = browserCodec,
): Promise<Preparation> {
  if (!blob.type.startsWith('image/'))
    return {
      ok: false,
      error: `That is not an image${blob.type ? ` (${blob.type})` : ''}: paste or drop a picture (PNG, JPEG, WebP, GIF).`,
    };
  if (blob.size > IMAGE_LIMITS.maxInputBytes)
    return {
      ok: false,
      error: `That image is too large (${kb(blob.size)}; at most ${kb(IMAGE_LIMITS.maxInputBytes)}).`,
    };
  const declared = await declaredSize(blob);
  if (declared && declared.width * declared.height > IMAGE_LIMITS.maxInputPixels)
    return {
      ok: false,
      error: `That image is too large to read (${declared.width}×${declared.height}; at most ${IMAGE_LIMITS.maxInputPixels / 1_000_000} million pixels).`,
    };
  let decoded: Awaited<ReturnType<ImageCodec['decode']>>;
  try {
    decoded = await codec.decode(blob);
  } catch {
    return {
      ok: false,
      error:
        'That image could not be read: it is damaged or in a format this window cannot decode.',
    };
  }
  try {
    if (!(decoded.width >= 1 && decoded.height >= 1))
      return { ok: false, error: 'That image could not be read: it has no size.' };
    const size = modelSize(decoded.width, decoded.height);
    let format = preferredFormat(size.width, size.height);
    let encoded = await codec.encode(
      decoded,
      size.width,
      size.height,
      format,
      IMAGE_LIMITS.jpegQuality,
    );
    for (const quality of FALLBACK_QUALITIES) {
      if (encoded.size <= IMAGE_LIMITS.maxSentBytes) break;
      format = 'jpeg';
      encoded = await codec.encode(decoded, size.width, size.height, format, quality);
    }
    if (encoded.size > IMAGE_LIMITS.maxSentBytes)
      return {
        ok: false,
        error: `That image is still too large once scaled (${kb(encoded.size)}; at most ${kb(IMAGE_LIMITS.maxSentBytes)}).`,
      };
    return {
      ok: true,
      image: {
        dataUrl: `data:image/${format};base64,${await base64Of(encoded)}`,
        format,
        width: size.width,
        height: size.height,
        bytes: encoded.size,
      },
    };
  } finally {
    decoded.close();
  }
}

/**
 * The size the file's header declares (image-size reads PNG, JPEG, WebP, GIF, BMP, AVIF…),
 * or null when it cannot tell: then the browser's decoder decides.
 */
async function declaredSize(blob: Blob): Promise<{ width: number; height: number } | null> {
  try {
    const { width, height } = imageSize(new Uint8Array(await blob.arrayBuffer()));
    return width && height ? { width, height } : null;
  } catch {
    return null;
  }
}

async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** createImageBitmap and a canvas (OffscreenCanvas where the page has it). */
export const browserCodec: ImageCodec = {
  decode: (blob) => createImageBitmap(blob),
  async encode(decoded, width, height, format, quality) {
    const type = `image/${format}`;
    const source = decoded as unknown as CanvasImageSource;
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height);
      draw(canvas.getContext('2d'), source, width, height, format);
      return canvas.convertToBlob({ type, quality });
    }
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    draw(canvas.getContext('2d'), source, width, height, format);
    return new Promise((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encoding failed'))), type, quality),
    );
  },
};

function draw(
  context: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null,
  source: CanvasImageSource,
  width: number,
  height: number,
  format: ImageFormat,
): void {
  if (!context) throw new Error('No canvas to scale the image on.');
  // JPEG has no transparency: a transparent screenshot is shown on white, not black.
  if (format === 'jpeg') {
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
  }
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, width, height);
}

/** The first image file among a paste's or a drop's items, or any file (to refuse it clearly). */
export function imageFileOf(data: DataTransfer | null): File | null {
  if (!data) return null;
  const files = [...data.files];
  return files.find((f) => f.type.startsWith('image/')) ?? files[0] ?? null;
}
