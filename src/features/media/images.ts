import sharp from 'sharp';
import { Problem, unprocessable } from '../../http/problem.js';

/** The formats we take, decided by the bytes; everything else (SVG, HTML, HEIC, …) is refused. */
export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp';

/** 40 megapixels: a bigger header is refused before any pixel is decoded. */
export const MAX_INPUT_PIXELS = 40_000_000;
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
 * and at most {@link MAX_INPUT_PIXELS}. No pixel is decoded here, so a pixel bomb costs nothing.
 * @throws 415 unsupported_image, 422 image_too_large
 */
export async function inspectImage(data: Buffer): Promise<{ kind: ImageKind; width: number; height: number }> {
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
  if (width * height > MAX_INPUT_PIXELS) {
    throw unprocessable('image_too_large', `The image has more than ${MAX_INPUT_PIXELS / 1_000_000} megapixels.`, {
      maxPixels: MAX_INPUT_PIXELS,
    });
  }
  return { kind, width, height };
}

/** A decoder for one upload: first frame only, the pixel limit as a backstop, truncation is an error. */
function decoder(data: Buffer): sharp.Sharp {
  return sharp(data, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated: false }).rotate();
}

function decodeFailure(error: unknown): Problem {
  if (error instanceof Error && /pixel limit/i.test(error.message)) {
    return unprocessable('image_too_large', `The image has more than ${MAX_INPUT_PIXELS / 1_000_000} megapixels.`);
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
 * @throws 415 unsupported_image, 422 image_too_large
 */
export async function encodeAvatar(data: Buffer): Promise<{ large: EncodedImage; small: EncodedImage }> {
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
}

/**
 * A background: upright, at most 2560 px on its longer side (never enlarged), WebP, no metadata.
 * @throws 415 unsupported_image, 422 image_too_large
 */
export async function encodeBackground(data: Buffer): Promise<EncodedImage> {
  await inspectImage(data);
  try {
    return await toWebp(
      decoder(data).resize({ width: BACKGROUND_MAX_SIDE, height: BACKGROUND_MAX_SIDE, fit: 'inside', withoutEnlargement: true }),
    );
  } catch (error) {
    throw decodeFailure(error);
  }
}
