import type { Executor } from '../../db/schema.js';
import { countUnusedRecoveryCodesByUserId } from './store.js';

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

/** The profile's `twoFactor` block. Passkeys are not part of this feature: always 0 here. */
export async function twoFactorSummary(ex: Executor, userId: string): Promise<{ totp: boolean; passkeys: number; recoveryCodesLeft: number }> {
  const totp = await hasSecondFactor(ex, userId);
  return { totp, passkeys: 0, recoveryCodesLeft: totp ? await countUnusedRecoveryCodesByUserId(ex, userId) : 0 };
}
