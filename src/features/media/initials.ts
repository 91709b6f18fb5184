import sharp from 'sharp';
import { IMAGE_JOB_TIMEOUT_SECONDS, TILE_MAX_WAITING, imageQueue } from './image-queue.js';

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

/**
 * "Ada Lovelace" → "AL", "ada" → "A", "李小龙" → "李"; falls back to the username, then "?".
 * Remembered for the names used last: grapheme segmentation was 7–8 % of the server's CPU on
 * an authenticated read on PostgreSQL (which has no read cache), every view building two URLs.
 */
export function initialsOf(displayName: string, username: string): string {
  const key = `${displayName}\u0000${username}`;
  let initials = namesSeen.get(key);
  if (initials === undefined) {
    initials = computeInitials(displayName, username);
    namesSeen.set(key, initials);
  }
  return initials;
}

function computeInitials(displayName: string, username: string): string {
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

/** A map that keeps the `capacity` entries used last. */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Initials per (display name, username): a few hundred bytes each. */
const namesSeen = new LruCache<string>(10_000);

/**
 * Tiles are public and their inputs are anyone's to choose: each distinct tile is rendered once
 * while it stays among the 1024 used last (a few MB), and a render waits its turn in the image
 * queue like an upload, so no stream of fresh URLs renders more than one tile at a time.
 */
export const INITIALS_CACHE_SIZE = 1024;
const cache = new LruCache<Promise<Buffer>>(INITIALS_CACHE_SIZE);

/**
 * The WebP tile; the caller has checked the input with {@link isValidInitials}.
 * @throws 503 media_busy while the image queue is full (a cached tile is still served)
 */
export function renderInitials(color: number, letters: string, size: InitialsSize): Promise<Buffer> {
  const key = `${color}:${letters}:${size}`;
  let rendered = cache.get(key);
  if (!rendered) {
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 256 256">` +
      `<rect width="256" height="256" fill="${PALETTE[color]}"/>` +
      `<text x="128" y="128" dy="0.35em" text-anchor="middle" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" ` +
      `font-size="${letters.length > 2 ? 96 : 112}" font-weight="bold" fill="#ffffff">${letters.replace(/[<>&'"]/g, '')}</text></svg>`;
    rendered = imageQueue.run(() => sharp(Buffer.from(svg)).timeout({ seconds: IMAGE_JOB_TIMEOUT_SECONDS }).webp({ quality: 90 }).toBuffer(), {
      maxWaiting: TILE_MAX_WAITING,
    });
    const pending = rendered;
    pending.catch(() => {
      if (cache.get(key) === pending) cache.delete(key);
    });
    cache.set(key, pending);
  }
  return rendered;
}
