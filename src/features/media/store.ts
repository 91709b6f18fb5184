import { precompiled } from '../../db/precompiled.js';
import type { Executor, MediaRow } from '../../db/schema.js';
import type { UserJoin } from '../../db/user-join.js';

export type MediaPurpose = MediaRow['purpose'];

export async function insertMedia(ex: Executor, rows: MediaRow[]): Promise<void> {
  if (rows.length > 0) await ex.insertInto('media').values(rows).execute();
}

export function findMediaById(ex: Executor, id: string) {
  return ex.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

const PURPOSES: readonly MediaPurpose[] = ['avatar', 'avatar_small', 'background'];

/** The id of the user's newest image of each purpose (null: none). */
export type NewestImages = Record<MediaPurpose, string | null>;

/** The user's images, newest first. */
const mediaByUserId = precompiled((ex: Executor, userId: string) =>
  ex.selectFrom('media').select(['id', 'purpose', 'storage_key']).where('user_id', '=', userId).orderBy('created_at', 'desc'),
);

/** The newest image of each purpose (read on every profile view). */
export async function findNewestImagesByUserId(ex: Executor, userId: string): Promise<NewestImages> {
  const rows = await mediaByUserId(ex, userId);
  const newest = (purpose: MediaPurpose) => rows.find((row) => row.purpose === purpose)?.id ?? null;
  return { avatar: newest('avatar'), avatar_small: newest('avatar_small'), background: newest('background') };
}

/** The same as columns of the caller's row (read with the session or token, see UserJoin). */
export const newestImagesJoin: UserJoin<NewestImages> = {
  select: (eb) =>
    PURPOSES.map((purpose) =>
      eb
        .selectFrom('media')
        .select('media.id')
        .whereRef('media.user_id', '=', 'users.id')
        .where('media.purpose', '=', purpose)
        .orderBy('media.created_at', 'desc')
        .limit(1)
        .as(`media_${purpose}`),
    ),
  read: (row) => {
    const id = (purpose: MediaPurpose) => {
      const value = row[`media_${purpose}`];
      return typeof value === 'string' ? value : null;
    };
    return { avatar: id('avatar'), avatar_small: id('avatar_small'), background: id('background') };
  },
};

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

