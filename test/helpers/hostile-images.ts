import zlib from 'node:zlib';
import sharp from 'sharp';
import { chunk } from '../helpers/images.js';

/**
 * A valid black greyscale PNG of any shape, deflated in slices, so that a
 * 1 × 30,000,000 or an 8000 × 5000 image is a few dozen KB. sharp could write these too, but
 * takes 21 s for the 1 × 30,000,000 one: libvips pays per row, which is the very attack.
 */
export function greyPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rowBytes = width + 1; // filter byte 0, then the pixels
  const rowsPerSlice = Math.max(1, Math.floor(1_000_000 / rowBytes));
  const slice = Buffer.alloc(rowBytes * rowsPerSlice);
  const parts: Buffer[] = [];
  for (let y = 0; y < height; y += rowsPerSlice) parts.push(slice.subarray(0, rowBytes * Math.min(rowsPerSlice, height - y)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(parts), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An animated WebP of `frames` distinct 16 × 16 frames. */
export async function animatedWebp(frames: number): Promise<Buffer> {
  const frame = (i: number) =>
    sharp({ create: { width: 16, height: 16, channels: 3, background: { r: i % 256, g: 255 - (i % 256), b: (i * 7) % 256 } } })
      .png()
      .toBuffer();
  return sharp(await Promise.all(Array.from({ length: frames }, (_, i) => frame(i))), { join: { animated: true } })
    .webp()
    .toBuffer();
}
