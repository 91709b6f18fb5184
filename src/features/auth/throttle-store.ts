import type { Executor } from '../../db/schema.js';

export async function insertFailures(ex: Executor, rows: { id: string; scope_key: string; created_at: string }[]): Promise<void> {
  await ex.insertInto('auth_failures').values(rows).execute();
}

/** How many failures the key has since `since`, and the oldest of them. */
export async function countFailuresSince(ex: Executor, scopeKey: string, since: string) {
  const row = await ex
    .selectFrom('auth_failures')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('scope_key', '=', scopeKey)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), oldest: row.oldest as string | null };
}

export async function deleteFailuresBefore(ex: Executor, cutoff: string): Promise<void> {
  await ex.deleteFrom('auth_failures').where('created_at', '<=', cutoff).execute();
}

export async function deleteFailuresForKey(ex: Executor, scopeKey: string): Promise<void> {
  await ex.deleteFrom('auth_failures').where('scope_key', '=', scopeKey).execute();
}
