import sharp from 'sharp';

/**
 * Avatars for users without a picture when Gravatar is off: their initials on a colour tile.
 * We only ever serve WebP, so the tile is drawn as an SVG made here (never from user markup:
 * only letters and digits reach it) and rasterised by sharp. Rendering needs a font known to
 * fontconfig (DejaVu or Liberation on Debian); without one the tile is plain.
 */
const PALETTE = ['#2563eb', '#7c3aed', '#db2777', '#dc2626', '#ea580c', '#b45309', '#15803d', '#0f766e', '#0e7490', '#4f46e5', '#9333ea', '#475569'];
export const INITIALS_SIZES = [64, 256] as const;
export type InitialsSize = (typeof INITIALS_SIZES)[number];

const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });
const LETTER = /^[\p{L}\p{N}]/u;
/** one or two graphemes of letters/digits (with their combining marks), or a lone "?" */
const INITIALS = /^(?:[\p{L}\p{N}][\p{M}]*){1,2}$|^\?$/u;

function firstGrapheme(word: string): string | null {
  for (const { segment } of GRAPHEMES.segment(word)) return LETTER.test(segment) ? segment : null;
  return null;
}

/** "Ada Lovelace" → "AL", "ada" → "A", "李小龙" → "李"; falls back to the username, then "?". */
export function initialsOf(displayName: string, username: string): string {
  const letters = displayName
    .split(/\s+/)
    .map(firstGrapheme)
    .filter((g): g is string => g !== null);
  const chosen = letters.length > 1 ? [letters[0], letters[letters.length - 1]] : letters;
  const initials = chosen.join('').toLocaleUpperCase();
  if (initials && INITIALS.test(initials)) return initials;
  const fromUsername = firstGrapheme(username)?.toLocaleUpperCase();
  return fromUsername && INITIALS.test(fromUsername) ? fromUsername : '?';
}

/** A stable colour per user. */
export function colorIndexOf(userId: string): number {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % PALETTE.length;
}

export function initialsUrl(userId: string, displayName: string, username: string, size: InitialsSize): string {
  return `/api/v1/media/initials/${colorIndexOf(userId)}/${encodeURIComponent(initialsOf(displayName, username))}?size=${size}`;
}

export function isValidInitials(color: number, letters: string): boolean {
  return Number.isInteger(color) && color >= 0 && color < PALETTE.length && INITIALS.test(letters);
}

const cache = new Map<string, Promise<Buffer>>();
const CACHE_LIMIT = 512;

/** The WebP tile; the caller has checked the input with {@link isValidInitials}. */
export function renderInitials(color: number, letters: string, size: InitialsSize): Promise<Buffer> {
  const key = `${color}:${letters}:${size}`;
  let rendered = cache.get(key);
  if (!rendered) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 256 256">` +
      `<rect width="256" height="256" fill="${PALETTE[color]}"/>` +
      `<text x="128" y="128" dy="0.35em" text-anchor="middle" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" ` +
      `font-size="${letters.length > 2 ? 96 : 112}" font-weight="bold" fill="#ffffff">${letters.replace(/[<>&'"]/g, '')}</text></svg>`;
    rendered = sharp(Buffer.from(svg)).webp({ quality: 90 }).toBuffer();
    rendered.catch(() => cache.delete(key));
    cache.set(key, rendered);
  }
  return rendered;
}
