import { precompiled } from '../../db/precompiled.js';
import type { Executor, MediaRow } from '../../db/schema.js';

export type MediaPurpose = MediaRow['purpose'];

export async function insertMedia(ex: Executor, rows: MediaRow[]): Promise<void> {
  if (rows.length > 0) await ex.insertInto('media').values(rows).execute();
}

export function findMediaById(ex: Executor, id: string) {
  return ex.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The user's images, newest first. */
const mediaByUserId = precompiled((ex: Executor, userId: string) =>
  ex.selectFrom('media').select(['id', 'purpose', 'storage_key']).where('user_id', '=', userId).orderBy('created_at', 'desc'),
);

/** Newest first (read on every profile view). */
export function listMediaByUserId(ex: Executor, userId: string) {
  return mediaByUserId(ex, userId);
}

/** Deletes the user's rows for these purposes and returns their storage keys (the files go after commit). */
export async function deleteByUserIdAndPurposes(ex: Executor, userId: string, purposes: MediaPurpose[]): Promise<string[]> {
  const rows = await ex
    .selectFrom('media')
    .select('storage_key')
    .where('user_id', '=', userId)
    .where('purpose', 'in', purposes)
    .execute();
  if (rows.length > 0) await ex.deleteFrom('media').where('user_id', '=', userId).where('purpose', 'in', purposes).execute();
  return rows.map((row) => row.storage_key);
}

/** Takes the user's row lock (PostgreSQL) so two uploads of one user do not interleave; false when the user is gone. */
export async function lockUserById(ex: Executor, userId: string, now: string): Promise<boolean> {
  const result = await ex.updateTable('users').set({ updated_at: now }).where('id', '=', userId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

