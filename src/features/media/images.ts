import sharp from 'sharp';
import { Problem, unprocessable } from '../../http/problem.js';
import { IMAGE_JOB_TIMEOUT_SECONDS, imageQueue } from './image-queue.js';

/** The formats we take, decided by the bytes; everything else (SVG, HTML, HEIC, …) is refused. */
export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp';

/**
 * What an upload's header may declare; anything beyond is refused before a pixel is decoded.
 * Pixels alone are not enough: libvips pays per row as well, and a 1 × 30,000,000 PNG (58 KB,
 * 30 megapixels) took 10 s to decode. With a side of at most 8000 px and at most 20:1, the most
 * expensive upload allowed (8000 × 5000) takes under a second.
 */
export const MAX_INPUT_PIXELS = 40_000_000;
export const MAX_SIDE = 8000;
export const MAX_ASPECT_RATIO = 20;
/** Only the first frame is decoded, but libvips walks every frame of a GIF to read its header. */
export const MAX_FRAMES = 100;
export const AVATAR_SIZES = { large: 256, small: 64 } as const;
export const BACKGROUND_MAX_SIDE = 2560;
const WEBP = { quality: 82, effort: 4 } as const;

export interface EncodedImage {
  data: Buffer;
  width: number;
  height: number;
}

const unsupported = () =>
  new Problem(415, 'unsupported_image', 'Upload a PNG, JPEG, WebP or GIF image.');

/** The format by magic number, or null. */
export function sniffImageType(data: Buffer): ImageKind | null {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg';
  if (data.length >= 6 && /^GIF8[79]a$/.test(data.subarray(0, 6).toString('latin1'))) return 'gif';
  if (data.length >= 12 && data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  return null;
}

/**
 * Checks an upload from its header only: a format we take (magic number and libvips agree)
 * and a shape within the limits above. No pixel is decoded here, so a pixel bomb costs nothing.
 * @throws 415 unsupported_image, 422 image_too_large | extreme_aspect_ratio | too_many_frames
 */
async function inspectImage(data: Buffer): Promise<{ kind: ImageKind; width: number; height: number }> {
  const kind = sniffImageType(data);
  if (!kind) throw unsupported();
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(data, { limitInputPixels: false }).metadata();
  } catch {
    throw unsupported();
  }
  if (metadata.format !== kind) throw unsupported();
  const width = metadata.width ?? 0;
  const height = metadata.pageHeight ?? metadata.height ?? 0;
  if (width < 1 || height < 1) throw unsupported();
  checkShape(width, height, metadata.pages ?? 1);
  return { kind, width, height };
}

/** @throws 422 image_too_large | extreme_aspect_ratio | too_many_frames */
function checkShape(width: number, height: number, frames: number): void {
  if (width > MAX_SIDE || height > MAX_SIDE) {
    throw unprocessable('image_too_large', `The image is more than ${MAX_SIDE} px wide or high.`, { maxSide: MAX_SIDE });
  }
  if (Math.max(width, height) > MAX_ASPECT_RATIO * Math.min(width, height)) {
    throw unprocessable('extreme_aspect_ratio', `The image is more than ${MAX_ASPECT_RATIO} times as wide as high, or as high as wide.`, {
      maxAspectRatio: MAX_ASPECT_RATIO,
    });
  }
  if (width * height > MAX_INPUT_PIXELS) {
    throw unprocessable('image_too_large', `The image has more than ${MAX_INPUT_PIXELS / 1_000_000} megapixels.`, {
      maxPixels: MAX_INPUT_PIXELS,
    });
  }
  if (frames > MAX_FRAMES) {
    throw unprocessable('too_many_frames', `The image has more than ${MAX_FRAMES} frames.`, { maxFrames: MAX_FRAMES });
  }
}

/** A decoder for one upload: first frame only, the pixel limit as a backstop, truncation is an error. */
function decoder(data: Buffer): sharp.Sharp {
  return sharp(data, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated: false })
    .timeout({ seconds: IMAGE_JOB_TIMEOUT_SECONDS })
    .rotate();
}

function decodeFailure(error: unknown): Problem {
  if (error instanceof Error && /pixel limit/i.test(error.message)) {
    return unprocessable('image_too_large', `The image has more than ${MAX_INPUT_PIXELS / 1_000_000} megapixels.`);
  }
  if (error instanceof Error && /timeout/i.test(error.message)) {
    return unprocessable('image_too_large', 'The image takes too long to process.');
  }
  return unsupported();
}

async function toWebp(pipeline: sharp.Sharp): Promise<EncodedImage> {
  const { data, info } = await pipeline.webp(WEBP).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * An avatar: upright (EXIF orientation applied), cropped square around the centre, WebP at 256
 * and 64 px. Output carries no metadata (sharp drops EXIF, XMP, ICC unless asked to keep them).
 * Header check and decode run as one job of the image queue.
 * @throws 415 unsupported_image, 422 image_too_large | extreme_aspect_ratio | too_many_frames, 503 media_busy
 */
export function encodeAvatar(data: Buffer): Promise<{ large: EncodedImage; small: EncodedImage }> {
  return imageQueue.run(async () => {
    await inspectImage(data);
    try {
      const { data: pixels, info } = await decoder(data)
        .resize(AVATAR_SIZES.large, AVATAR_SIZES.large, { fit: 'cover', position: 'centre' })
        .raw()
        .toBuffer({ resolveWithObject: true });
      const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
      const large = await toWebp(sharp(pixels, raw));
      const small = await toWebp(sharp(pixels, raw).resize(AVATAR_SIZES.small, AVATAR_SIZES.small));
      return { large, small };
    } catch (error) {
      throw decodeFailure(error);
    }
  });
}

/**
 * A background: upright, at most 2560 px on its longer side (never enlarged), WebP, no metadata.
 * @throws 415 unsupported_image, 422 image_too_large | extreme_aspect_ratio | too_many_frames, 503 media_busy
 */
export function encodeBackground(data: Buffer): Promise<EncodedImage> {
  return imageQueue.run(async () => {
    await inspectImage(data);
    try {
      return await toWebp(
        decoder(data).resize({ width: BACKGROUND_MAX_SIDE, height: BACKGROUND_MAX_SIDE, fit: 'inside', withoutEnlargement: true }),
      );
    } catch (error) {
      throw decodeFailure(error);
    }
  });
}
