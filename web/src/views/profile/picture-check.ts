/**
 * What the browser checks before a picture goes to the crop step (the server checks again, by
 * content, in src/features/media/images.ts): the declared type, the size, the first bytes, and
 * whether this browser can decode it at all.
 */

export const ACCEPTED_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type PictureType = (typeof ACCEPTED_TYPES)[number];

export type PictureRefusal = { reason: 'type' } | { reason: 'size'; size: number; limit: number } | { reason: 'decode' };
export type PictureCheck = { ok: true; bitmap: ImageBitmap; type: PictureType } | ({ ok: false } & PictureRefusal);

const ascii = (bytes: Uint8Array, from: number, text: string) => [...text].every((char, i) => bytes[from + i] === char.charCodeAt(0));

/** The type the first bytes say (the magic numbers), whatever the name or the declared type claim. */
export function sniffType(bytes: Uint8Array): PictureType | null {
  if (bytes[0] === 0x89 && ascii(bytes, 1, 'PNG\r\n\x1a\n')) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return 'image/gif';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'image/webp';
  return null;
}

/**
 * Refuses at once what the server would refuse anyway, without uploading anything. A declared
 * type outside the four is refused; an empty one (a file without a known extension) is left to
 * the first bytes, which decide. The caller owns (and closes) the decoded bitmap: for a GIF it is
 * the first frame, which is all the server keeps.
 */
export async function checkPicture(file: File, limit: number): Promise<PictureCheck> {
  if (file.type !== '' && !(ACCEPTED_TYPES as readonly string[]).includes(file.type)) return { ok: false, reason: 'type' };
  if (file.size > limit) return { ok: false, reason: 'size', size: file.size, limit };
  const type = sniffType(new Uint8Array(await file.slice(0, 12).arrayBuffer()));
  if (!type) return { ok: false, reason: 'type' };
  try {
    return { ok: true, bitmap: await createImageBitmap(file), type };
  } catch {
    return { ok: false, reason: 'decode' };
  }
}
