import { afterCursor } from '../../db/keyset.js';
import type { Executor, SessionRow } from '../../db/schema.js';
import type { CursorPosition } from '../../lib/cursor.js';
import { type UserJoin, callerLookup } from '../../db/user-join.js';

export async function insertSession(ex: Executor, row: SessionRow): Promise<void> {
  await ex.insertInto('sessions').values(row).execute();
}

function sessionWithUserByTokenHash(ex: Executor) {
  return ex
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.id as session_id',
      'sessions.created_at as session_created_at',
      'sessions.last_seen_at as session_last_seen_at',
      'sessions.expires_at as session_expires_at',
      'sessions.ended_at as session_ended_at',
      'sessions.method as session_method',
      'sessions.reauthenticated_at as session_reauthenticated_at',
    ])
}

const sessionLookup = callerLookup(sessionWithUserByTokenHash, 'sessions.token_hash');

/**
 * The session behind a cookie, with its user, in one round-trip (runs on every request); with
 * `join`, that join's value too, from the same statement.
 */
export function findSessionWithUserByTokenHash(ex: Executor, tokenHash: string, join?: { join: UserJoin<unknown>; now: string }) {
  return sessionLookup(ex, tokenHash, join);
}

export async function touchSession(ex: Executor, id: string, now: string): Promise<void> {
  await ex.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function markReauthenticated(ex: Executor, id: string, now: string): Promise<void> {
  await ex.updateTable('sessions').set({ reauthenticated_at: now, last_seen_at: now }).where('id', '=', id).execute();
}

/** Ends one active session of this user; false when there is none (missing, foreign or ended). */
export async function endActiveByIdAndUserId(ex: Executor, id: string, userId: string, reason: string, now: string) {
  const result = await ex
    .updateTable('sessions')
    .set({ ended_at: now, end_reason: reason })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ends every active session of the user, but `exceptId` when given; returns how many. */
export async function endActiveByUserId(ex: Executor, userId: string, reason: string, now: string, exceptId: string | null) {
  let query = ex
    .updateTable('sessions')
    .set({ ended_at: now, end_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null);
  if (exceptId) query = query.where('id', '!=', exceptId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** One of the user's active sessions, whole (the caller's own, listed first). */
export function findActiveSessionOfUser(ex: Executor, id: string, userId: string) {
  return ex.selectFrom('sessions').selectAll().where('id', '=', id).where('user_id', '=', userId).where('ended_at', 'is', null).executeTakeFirst();
}

export function findOpenSessionById(ex: Executor, id: string) {
  return ex.selectFrom('sessions').select('id').where('id', '=', id).where('ended_at', 'is', null).executeTakeFirst();
}

/** Ends the user's active sessions signed in with this passkey, but `exceptId`. */
export async function endActiveByPasskey(ex: Executor, userId: string, passkeyId: string, reason: string, now: string, exceptId: string | null) {
  let query = ex
    .updateTable('sessions')
    .set({ ended_at: now, end_reason: reason })
    .where('user_id', '=', userId)
    .where('passkey_id', '=', passkeyId)
    .where('ended_at', 'is', null);
  if (exceptId) query = query.where('id', '!=', exceptId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export type SessionState = 'active' | 'ended' | 'all';

/**
 * Newest first; `active` means not ended (expiry is decided by the service at read time).
 * Ended sessions count only when they ended at or after `historyCutoff`.
 */
export function listSessionsByUserId(
  ex: Executor,
  userId: string,
  state: SessionState,
  limit: number,
  before: CursorPosition | null,
  historyCutoff: string,
  /** a session left out of the pages (the caller's own, which the service lists first) */
  excludeId: string | null = null,
) {
  let query = ex.selectFrom('sessions').selectAll().where('user_id', '=', userId);
  if (excludeId) query = query.where('id', '!=', excludeId);
  if (state === 'active') query = query.where('ended_at', 'is', null);
  if (state === 'ended') query = query.where('ended_at', '>=', historyCutoff);
  if (state === 'all') query = query.where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', historyCutoff)]));
  if (before) {
    query = query.where((eb) => afterCursor(eb, 'created_at', 'id', 'desc', before));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
}

/**
 * Marks sessions past their idle or absolute limit as expired. One statement per limit: with
 * `expires_at <= ? OR last_seen_at <= ?` SQLite walks every active session instead of using
 * the two indexes of active sessions.
 */
export async function expireStale(ex: Executor, now: string, idleCutoff: string, userId: string | null): Promise<number> {
  const limits = [
    ['expires_at', now],
    ['last_seen_at', idleCutoff],
  ] as const;
  let expired = 0;
  for (const [column, cutoff] of limits) {
    let query = ex
      .updateTable('sessions')
      .set({ ended_at: now, end_reason: 'expired' })
      .where('ended_at', 'is', null)
      .where(column, '<=', cutoff);
    if (userId) query = query.where('user_id', '=', userId);
    const result = await query.executeTakeFirst();
    expired += Number(result.numUpdatedRows);
  }
  return expired;
}

/** Ends the open sessions of disabled users (they are refused anyway; this records why). */
export async function endActiveOfDisabledUsers(ex: Executor, now: string): Promise<number> {
  const result = await ex
    .updateTable('sessions')
    .set({ ended_at: now, end_reason: 'user_disabled' })
    .where('ended_at', 'is', null)
    .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('disabled', '=', 1))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Forgets ended sessions older than the history window. */
export async function deleteEndedBefore(ex: Executor, cutoff: string): Promise<number> {
  const result = await ex
    .deleteFrom('sessions')
    .where('ended_at', 'is not', null)
    .where('ended_at', '<', cutoff)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Where the user signed in from before (newest first, at most `limit` sessions, ended ones included). */
export function listSignInOriginsByUserId(ex: Executor, userId: string, limit: number) {
  return ex
    .selectFrom('sessions')
    .select(['ip', 'user_agent'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}
