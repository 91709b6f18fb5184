import { createHash } from 'node:crypto';

/** Gravatar's URL for an address (SHA-256 of the trimmed, lower-cased email); identicon fallback. */
export function gravatarUrl(email: string, size = 256): string {
  const digest = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
  return `https://www.gravatar.com/avatar/${digest}?s=${size}&d=identicon`;
}
