import { afterCursor } from '../../db/keyset.js';
import type { AppPasswordRow, Executor } from '../../db/schema.js';
import type { CursorPosition } from '../../lib/cursor.js';

export async function insertAppPassword(ex: Executor, row: AppPasswordRow): Promise<void> {
  await ex.insertInto('app_passwords').values(row).execute();
}

/** Newest first, keyset-paginated, only this user's app passwords, with the app's name. */
export function listAppPasswordsByUserId(ex: Executor, userId: string, limit: number, before: CursorPosition | null) {
  let query = ex
    .selectFrom('app_passwords')
    .innerJoin('apps', 'apps.id', 'app_passwords.app_id')
    .select([
      'app_passwords.id',
      'app_passwords.name',
      'app_passwords.app_id',
      'apps.name as app_name',
      'app_passwords.created_at',
      'app_passwords.last_used_at',
      'app_passwords.last_used_ip',
    ])
    .where('app_passwords.user_id', '=', userId);
  if (before) {
    query = query.where((eb) => afterCursor(eb, 'app_passwords.created_at', 'app_passwords.id', 'desc', before));
  }
  return query.orderBy('app_passwords.created_at', 'desc').orderBy('app_passwords.id', 'desc').limit(limit + 1).execute();
}

export async function countAppPasswordsByUserId(ex: Executor, userId: string): Promise<number> {
  const row = await ex
    .selectFrom('app_passwords')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The user's app passwords for one app: the only ones that may open it. */
export function listAppPasswordsByUserIdAndAppId(ex: Executor, userId: string, appId: string) {
  return ex
    .selectFrom('app_passwords')
    .select(['id', 'name', 'password_hash', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('app_id', '=', appId)
    .execute();
}

/** Deletes every app password of the user; returns what was deleted. */
export function deleteAppPasswordsByUserId(ex: Executor, userId: string) {
  return ex.deleteFrom('app_passwords').where('user_id', '=', userId).returning(['id', 'name', 'app_id']).execute();
}

/** Deletes one app password of this user and returns it; undefined when missing or someone else's. */
export function deleteAppPasswordByIdAndUserId(ex: Executor, id: string, userId: string) {
  return ex
    .deleteFrom('app_passwords')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(['id', 'name', 'app_id'])
    .executeTakeFirst();
}

/** Records a use when the last one is older than `staleBefore` or there is none; true when this call wrote. */
export async function touchAppPasswordIfStale(ex: Executor, id: string, now: string, ip: string, staleBefore: string) {
  const result = await ex
    .updateTable('app_passwords')
    .set({ last_used_at: now, last_used_ip: ip })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The first use only: false when another request already recorded one. */
export async function touchAppPasswordFirstUse(ex: Executor, id: string, now: string, ip: string) {
  const result = await ex
    .updateTable('app_passwords')
    .set({ last_used_at: now, last_used_ip: ip })
    .where('id', '=', id)
    .where('last_used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
