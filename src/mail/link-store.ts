import { precompiled } from '../db/precompiled.js';
import type { MailLinkRow, EmailTokensTable, Executor } from '../db/schema.js';
import type { UsersExpressions } from '../db/user-join.js';

export type MailLinkPurpose = EmailTokensTable['purpose'];

export async function insertLink(ex: Executor, row: MailLinkRow): Promise<void> {
  await ex.insertInto('email_tokens').values(row).execute();
}

/** The unused, unexpired link with this hash and one of these purposes. */
export function findLiveByHash(ex: Executor, tokenHash: string, purposes: readonly MailLinkPurpose[], now: string) {
  return ex
    .selectFrom('email_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('purpose', 'in', purposes)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** The newest live link of the user for this purpose (the pending email change, say). */
const newestLiveByUserId = precompiled((ex: Executor, userId: string, purpose: MailLinkPurpose, now: string) =>
  ex
    .selectFrom('email_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc'),
);

/** The address of the user's newest live link of this purpose, as a column of the caller's row (see UserJoin). */
export function newestLiveEmailColumn(eb: UsersExpressions, purpose: MailLinkPurpose, now: string, alias: string) {
  return eb
    .selectFrom('email_tokens')
    .select('email_tokens.email')
    .whereRef('email_tokens.user_id', '=', 'users.id')
    .where('email_tokens.purpose', '=', purpose)
    .where('email_tokens.used_at', 'is', null)
    .where('email_tokens.expires_at', '>', now)
    .orderBy('email_tokens.created_at', 'desc')
    .limit(1)
    .as(alias);
}

/** The newest live link of this purpose (the pending email is read on every profile view). */
export async function findNewestLiveByUserId(ex: Executor, userId: string, purpose: MailLinkPurpose, now: string) {
  const [row] = await newestLiveByUserId(ex, userId, purpose, now);
  return row;
}

/** Marks the link used, only if it still is live: false when another request got there first. */
export async function consumeByIdAndUserId(ex: Executor, id: string, userId: string, now: string): Promise<boolean> {
  const result = await ex
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Counts a wrong second factor against the link; returns the attempts so far. */
export async function countFailedAttempt(ex: Executor, id: string): Promise<number> {
  await ex
    .updateTable('email_tokens')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
  const row = await ex.selectFrom('email_tokens').select('attempts').where('id', '=', id).executeTakeFirst();
  return Number(row?.attempts ?? 0);
}

/** Kills every unused link of the user for these purposes (a newer one replaces them). */
export async function revokeLiveByUserId(ex: Executor, userId: string, purposes: MailLinkPurpose[], now: string): Promise<number> {
  const result = await ex
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('purpose', 'in', purposes)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Housekeeping: forgets links that expired or were used before the cutoff. */
export async function deleteSpentBefore(ex: Executor, cutoff: string): Promise<number> {
  const result = await ex
    .deleteFrom('email_tokens')
    .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('used_at', '<', cutoff)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
