import { createHash, hash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** URL-safe random string carrying `bytes` bytes of entropy (base64url, no padding). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Opaque identifier for rows: 128 random bits, base64url. */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

export function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}

/** Compares two secrets without leaking where they differ (hashes both to equal length first). */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

const READABLE = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A password people can type: `groups` groups of `size` characters from an unambiguous alphabet. */
export function readablePassword(groups = 4, size = 6): string {
  const out: string[] = [];
  for (let g = 0; g < groups; g++) {
    let chunk = '';
    for (let i = 0; i < size; i++) chunk += READABLE[randomInt(READABLE.length)];
    out.push(chunk);
  }
  return out.join('-');
}
