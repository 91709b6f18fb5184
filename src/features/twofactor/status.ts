import type { Executor } from '../../db/schema.js';

/** Whether the user has a confirmed second factor (TOTP today). Other features ask this. */
export async function hasSecondFactor(ex: Executor, userId: string): Promise<boolean> {
  const row = await ex
    .selectFrom('totp_credentials')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}
