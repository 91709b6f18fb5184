import { randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Prefixed, checksummed secrets (the scheme GitHub uses for its tokens):
 *
 *   <prefix> + 32 random base62 characters + 6 base62 characters of CRC32(<prefix> + random)
 *
 * e.g. `uh_4fTq…Zp0b1cYk`. The prefix lets secret scanners recognise a leaked Userhub secret;
 * the checksum lets us refuse a mistyped or made-up value before any database work. The
 * checksum is not a MAC: it protects against typos, the 190 random bits protect the secret.
 */

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const RANDOM_LENGTH = 32;
export const CHECKSUM_LENGTH = 6;

/** Prefix of API tokens. */
export const API_TOKEN_PREFIX = 'uh_';
/** Prefix of app secrets (what a registered app sends to verify users). */
export const APP_SECRET_PREFIX = 'uha_';

/** `value` (an unsigned 32-bit integer) in base62, left-padded with zeros to `width` characters. */
export function base62(value: number, width: number): string {
  let rest = value >>> 0;
  let out = '';
  do {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, '0');
}

export function checksum(body: string): string {
  return base62(crc32(body), CHECKSUM_LENGTH);
}

function randomBase62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)];
  return out;
}

/** A fresh secret: prefix, 32 uniformly random base62 characters (≈190 bits), checksum. */
export function generateSecret(prefix: string): string {
  const body = prefix + randomBase62(RANDOM_LENGTH);
  return body + checksum(body);
}

const shapes = new Map<string, RegExp>();

function shapeOf(prefix: string): RegExp {
  let shape = shapes.get(prefix);
  if (!shape) {
    const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    shape = new RegExp(`^${escaped}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);
    shapes.set(prefix, shape);
  }
  return shape;
}

/** Whether `value` has the shape of a secret with this prefix and a matching checksum. */
export function isWellFormedSecret(value: string, prefix: string): boolean {
  if (!shapeOf(prefix).test(value)) return false;
  const body = value.slice(0, -CHECKSUM_LENGTH);
  return checksum(body) === value.slice(-CHECKSUM_LENGTH);
}

/** How long every secret with this prefix is. */
export function secretLength(prefix: string): number {
  return prefix.length + RANDOM_LENGTH + CHECKSUM_LENGTH;
}

/** The non-secret part shown in lists so people can tell their tokens apart: prefix + 4 characters. */
export function displayPrefix(value: string, prefix: string): string {
  return value.slice(0, prefix.length + 4);
}
