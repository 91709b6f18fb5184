import { afterCursor } from '../../db/keyset.js';
import type { AppRow, Executor } from '../../db/schema.js';
import type { CursorPosition } from '../../lib/cursor.js';

export async function insertApp(ex: Executor, row: AppRow): Promise<void> {
  await ex.insertInto('apps').values(row).execute();
}

export function findAppById(ex: Executor, id: string): Promise<AppRow | undefined> {
  return ex.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Oldest first, keyset-paginated. */
export function listApps(ex: Executor, limit: number, after: CursorPosition | null) {
  let query = ex.selectFrom('apps').selectAll();
  if (after) {
    query = query.where((eb) => afterCursor(eb, 'created_at', 'id', 'asc', after));
  }
  return query.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(limit + 1).execute();
}

export async function updateAppById(ex: Executor, id: string, patch: Partial<Omit<AppRow, 'id' | 'created_at'>>): Promise<boolean> {
  const result = await ex.updateTable('apps').set(patch).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes the app; its app passwords go with it (ON DELETE CASCADE). */
export async function deleteAppById(ex: Executor, id: string): Promise<boolean> {
  const result = await ex.deleteFrom('apps').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The app passwords an app deletion takes with it, to tell their owners. */
export function listAppPasswordOwnersByAppId(ex: Executor, appId: string) {
  return ex.selectFrom('app_passwords').select(['id', 'user_id', 'name']).where('app_id', '=', appId).execute();
}
