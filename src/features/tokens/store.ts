import { afterCursor } from '../../db/keyset.js';
import type { ApiTokenRow, Executor } from '../../db/schema.js';
import type { CursorPosition } from '../../lib/cursor.js';
import { type UserJoin, callerLookup } from '../../db/user-join.js';

export async function insertToken(ex: Executor, row: ApiTokenRow): Promise<void> {
  await ex.insertInto('api_tokens').values(row).execute();
}

function tokenWithUserByHash(ex: Executor) {
  return ex
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .select([
      'api_tokens.id as token_id',
      'api_tokens.name as token_name',
      'api_tokens.scope as token_scope',
      'api_tokens.expires_at as token_expires_at',
      'api_tokens.last_used_at as token_last_used_at',
    ])
}

const tokenLookup = callerLookup(tokenWithUserByHash, 'api_tokens.token_hash');

/** The token behind a hash, with its user, in one round-trip; with `join`, that join's value too. */
export function findTokenWithUserByHash(ex: Executor, tokenHash: string, join?: { join: UserJoin<unknown>; now: string }) {
  return tokenLookup(ex, tokenHash, join);
}

/** Newest first, keyset-paginated, only this user's tokens. */
export function listTokensByUserId(ex: Executor, userId: string, limit: number, before: CursorPosition | null) {
  let query = ex.selectFrom('api_tokens').selectAll().where('user_id', '=', userId);
  if (before) {
    query = query.where((eb) => afterCursor(eb, 'created_at', 'id', 'desc', before));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
}

export async function countTokensByUserId(ex: Executor, userId: string): Promise<number> {
  const row = await ex
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes one token of this user and returns it; undefined when missing or someone else's. */
export async function deleteTokenByIdAndUserId(ex: Executor, id: string, userId: string) {
  return ex
    .deleteFrom('api_tokens')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(['id', 'name', 'scope'])
    .executeTakeFirst();
}

/** Deletes every token of the user; returns what was deleted. */
export function deleteTokensByUserId(ex: Executor, userId: string) {
  return ex.deleteFrom('api_tokens').where('user_id', '=', userId).returning(['id', 'name']).execute();
}

/**
 * Records a use when the last recorded one is older than `staleBefore` (or there is none).
 * The condition is in the `where`, so concurrent requests on any node write at most once.
 * Returns whether this call wrote.
 */
export async function touchTokenIfStale(ex: Executor, id: string, now: string, ip: string, staleBefore: string): Promise<boolean> {
  const result = await ex
    .updateTable('api_tokens')
    .set({ last_used_at: now, last_used_ip: ip })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The first use only: false when another request already recorded one. */
export async function touchTokenFirstUse(ex: Executor, id: string, now: string, ip: string): Promise<boolean> {
  const result = await ex
    .updateTable('api_tokens')
    .set({ last_used_at: now, last_used_ip: ip })
    .where('id', '=', id)
    .where('last_used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

