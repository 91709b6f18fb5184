import type { DirectoryUserRow, Executor } from '../../db/schema.js';

export function findLinkByExternalId(ex: Executor, externalId: string): Promise<DirectoryUserRow | undefined> {
  return ex.selectFrom('directory_users').selectAll().where('external_id', '=', externalId).executeTakeFirst();
}

export function findLinkByUserId(ex: Executor, userId: string): Promise<DirectoryUserRow | undefined> {
  return ex.selectFrom('directory_users').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Every linked user with the state the sync needs. */
export function listLinksWithUsers(ex: Executor) {
  return ex
    .selectFrom('directory_users')
    .innerJoin('users', 'users.id', 'directory_users.user_id')
    .select(['directory_users.user_id', 'directory_users.external_id', 'directory_users.disabled_by_sync', 'users.disabled', 'users.role', 'users.username'])
    .execute();
}

export async function insertLink(ex: Executor, row: DirectoryUserRow): Promise<void> {
  await ex.insertInto('directory_users').values(row).execute();
}

export async function updateLinkByUserId(ex: Executor, userId: string, patch: Partial<Omit<DirectoryUserRow, 'user_id'>>): Promise<void> {
  await ex.updateTable('directory_users').set(patch).where('user_id', '=', userId).execute();
}
