import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import sharp from 'sharp';
import type { TestClient } from './client.js';

/** A colourful test picture, so that crops and rotations show. */
function picture(width: number, height: number) {
  const half = Math.floor(width / 2);
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } }).composite([
    { input: { create: { width: half, height, channels: 3, background: { r: 30, g: 90, b: 200 } } }, left: 0, top: 0 },
  ]);
}

export const png = (width = 640, height = 480) => picture(width, height).png().toBuffer();
export const webp = (width = 500, height = 400) => picture(width, height).webp().toBuffer();
export const gif = (width = 300, height = 200) => picture(width, height).gif().toBuffer();
export const jpeg = (width = 800, height = 600) => picture(width, height).jpeg({ quality: 90 }).toBuffer();

export const CAMERA = 'Userhub Test Camera 9000';
/** A JPEG as a phone writes it: camera make and GPS position in EXIF. */
export const jpegWithGps = () =>
  picture(800, 600)
    .withExif({
      IFD0: { Make: CAMERA, Model: 'GPS Model X', Copyright: 'secret owner' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2400/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 17/1 4000/100' },
    })
    .jpeg()
    .toBuffer();

/** A landscape 400×300 JPEG whose EXIF says "rotate 90° clockwise to view". */
export const jpegRotated = () => picture(400, 300).jpeg().withMetadata({ orientation: 6 }).toBuffer();

export async function truncatedJpeg(): Promise<Buffer> {
  const full = await picture(1200, 900).jpeg({ quality: 95 }).toBuffer();
  return full.subarray(0, Math.floor(full.length * 0.6));
}

/** One PNG chunk: length, type, data and its CRC. */
export function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/**
 * A valid 12000×12000 grey PNG (144 megapixels) that compresses to ~140 KB: a real pixel bomb,
 * built by deflating the rows in slices instead of holding the image.
 */
export async function pixelBombPng(side = 12_000): Promise<Buffer> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const deflate = zlib.createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const rows = 100;
  const slice = Buffer.alloc((side + 1) * rows); // filter byte 0 + zero pixels
  for (let y = 0; y < side; y += rows) deflate.write(slice);
  await new Promise<void>((resolve) => deflate.end(resolve));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', Buffer.concat(out)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** `size` bytes that start like a PNG and are noise after that. */
export function noiseWithPngMagic(size: number): Buffer {
  const data = randomBytes(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(data);
  return data;
}

export const HTML_PAGE = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
export const SVG_WITH_SCRIPT = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(1)</script><rect width="100" height="100" fill="red"/></svg>',
);

export interface FilePart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer | string;
}

/** A multipart/form-data body, as a browser would send it. */
export function multipart(parts: FilePart[]): { payload: Buffer; contentType: string } {
  const boundary = `----userhubtest${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    const type = part.contentType ? `\r\nContent-Type: ${part.contentType}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`));
    chunks.push(typeof part.data === 'string' ? Buffer.from(part.data) : part.data);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** One image in the field `file`. */
export function imageUpload(data: Buffer, filename = 'picture.png', contentType = 'image/png') {
  return multipart([{ name: 'file', filename, contentType, data }]);
}

/** PUT /profile/{avatar|background} with a multipart body, as the dashboard uploads. */
export function uploadImage(client: TestClient, slot: 'avatar' | 'background', body: { payload: Buffer; contentType: string }) {
  return client.put(`/api/v1/profile/${slot}`, undefined, { raw: body.payload, headers: { 'content-type': body.contentType } });
}
