import { sql } from 'kysely';
import type { Executor } from '../../db/schema.js';

/** One use of a budget (a failed sign-in, a mail sent, an upload): a row per key and moment. */
export interface UseRow {
  id: string;
  scope_key: string;
  created_at: string;
}

export async function insertUses(ex: Executor, rows: UseRow[]): Promise<void> {
  if (rows.length > 0) await ex.insertInto('auth_failures').values(rows).execute();
}

/** How many uses the key has since `since`, and the oldest of them. */
export async function countUsesSince(ex: Executor, scopeKey: string, since: string) {
  const row = await ex
    .selectFrom('auth_failures')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('scope_key', '=', scopeKey)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), oldest: row.oldest as string | null };
}

export async function deleteUsesByIds(ex: Executor, ids: string[]): Promise<void> {
  if (ids.length > 0) await ex.deleteFrom('auth_failures').where('id', 'in', ids).execute();
}

export async function deleteUsesBefore(ex: Executor, cutoff: string): Promise<void> {
  await ex.deleteFrom('auth_failures').where('created_at', '<=', cutoff).execute();
}

export async function deleteUsesForKey(ex: Executor, scopeKey: string): Promise<void> {
  await ex.deleteFrom('auth_failures').where('scope_key', '=', scopeKey).execute();
}

/** PostgreSQL: an advisory lock on the key until the transaction ends (the budget's own lock). */
export async function lockKey(ex: Executor, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(ex);
}
