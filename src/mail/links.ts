import type { MailLinkRow, Executor } from '../db/schema.js';
import type { UserJoin } from '../db/user-join.js';
import { badRequest } from '../http/problem.js';
import { newId, randomToken, sha256Hex } from '../lib/secrets.js';
import * as store from './link-store.js';
import type { MailLinkPurpose } from './link-store.js';

export type { MailLinkPurpose };

/** The one answer for a mailed link that is unknown, used, expired or malformed. */
export const linkInvalid = () =>
  badRequest('token_invalid', 'This link is invalid, was already used or has expired. Ask for a new one.');

/** A link's secret is 32 random bytes, base64url: exactly 43 characters. Anything else is not ours. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Issues a single-use link that travels by mail and returns its secret (256 random bits; only
 * its SHA-256 is stored), inside the caller's transaction. With `replace`, the user's other live
 * links of the same purpose die: only the newest works.
 */
export async function issueMailLink(
  ex: Executor,
  input: { userId: string; purpose: MailLinkPurpose; email: string | null; now: Date; ttlMs: number; replace: boolean },
): Promise<string> {
  const nowIso = input.now.toISOString();
  if (input.replace) await store.revokeLiveByUserId(ex, input.userId, [input.purpose], nowIso);
  const secret = randomToken(32);
  await store.insertLink(ex, {
    id: newId(),
    user_id: input.userId,
    purpose: input.purpose,
    token_hash: sha256Hex(secret),
    email: input.email,
    attempts: 0,
    created_at: nowIso,
    expires_at: new Date(input.now.getTime() + input.ttlMs).toISOString(),
    used_at: null,
  });
  return secret;
}

/**
 * The live link with this secret (the `token` of the link's URL), or undefined (unknown, used,
 * expired, malformed, or of another purpose). The lookup is by SHA-256, so the database never compares the secret itself.
 */
export async function findLiveMailLink(
  ex: Executor,
  secret: string,
  purpose: MailLinkPurpose | readonly MailLinkPurpose[],
  now: Date,
): Promise<MailLinkRow | undefined> {
  if (!SECRET_PATTERN.test(secret)) return undefined;
  return store.findLiveByHash(ex, sha256Hex(secret), typeof purpose === 'string' ? [purpose] : purpose, now.toISOString());
}

/**
 * The address the user's newest live link of this purpose waits to confirm (a pending email
 * change), as a column of the caller's row: read with the session or token (see UserJoin).
 */
export function pendingAddressJoin(purpose: MailLinkPurpose): UserJoin<string | null> {
  const alias = `pending_${purpose}`;
  return {
    select: (eb, now) => [store.newestLiveEmailColumn(eb, purpose, now, alias)],
    read: (row) => {
      const value = row[alias];
      return typeof value === 'string' ? value : null;
    },
  };
}

/**
 * An address as a page opened from a mailed link shows it to whoever holds the link: the first
 * character of the local part and the domain ("a•••@example.com").
 */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${[...address.slice(0, at)][0] ?? ''}•••${address.slice(at)}`;
}
