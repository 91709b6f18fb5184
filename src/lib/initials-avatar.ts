import { createHash } from 'node:crypto';

const PALETTE = ['#1e6091', '#2a9d8f', '#6a4c93', '#c05640', '#3d7a32', '#8a5a00', '#a23b72', '#37474f'];

/** Up to two initials of a name ("Ada Lovelace" → "AL"), letters and digits only. */
export function initialsOf(name: string): string {
  const words = name.normalize('NFKC').split(/\s+/).map((w) => [...w].find((c) => /[\p{L}\p{N}]/u.test(c)) ?? '').filter(Boolean);
  const picked = words.length > 1 ? [words[0], words[words.length - 1]] : words.slice(0, 1);
  return picked.join('').toUpperCase() || '?';
}

/**
 * An avatar made of the user's initials, as an SVG data URI: what users see when the instance has
 * Gravatar off and they uploaded no picture. The color is derived from the username.
 */
export function initialsAvatarUrl(name: string, seed: string): string {
  const color = PALETTE[createHash('sha256').update(seed).digest()[0]! % PALETTE.length];
  const text = initialsOf(name).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">` +
    `<rect width="256" height="256" fill="${color}"/>` +
    `<text x="50%" y="50%" dy=".35em" text-anchor="middle" font-family="sans-serif" font-size="104" fill="#fff">${text}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
