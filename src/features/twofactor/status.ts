import { precompiled } from '../../db/precompiled.js';
import type { Executor, UsersTable } from '../../db/schema.js';
import { countUnusedRecoveryCodesByUserId } from './store.js';

/** Whether the user has a confirmed second factor (TOTP today). Other features ask this. */
const confirmedTotpByUserId = precompiled((ex: Executor, userId: string) =>
  ex.selectFrom('totp_credentials').select('user_id').where('user_id', '=', userId).where('confirmed_at', 'is not', null),
);

export async function hasSecondFactor(ex: Executor, userId: string): Promise<boolean> {
  const rows = await confirmedTotpByUserId(ex, userId);
  return rows.length > 0;
}

/**
 * Active users of these sources without a confirmed second factor: the same condition as
 * hasSecondFactor, kept beside it so that both change together (the mandatory-2FA coverage).
 */
export async function countActiveUsersWithoutSecondFactor(ex: Executor, sources: UsersTable['source'][]): Promise<number> {
  if (sources.length === 0) return 0;
  const row = await ex
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('users.disabled', '=', 0)
    .where('users.source', 'in', sources)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('totp_credentials')
            .select('totp_credentials.user_id')
            .whereRef('totp_credentials.user_id', '=', 'users.id')
            .where('totp_credentials.confirmed_at', 'is not', null),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The profile's `twoFactor` block. Passkeys are not part of this feature: always 0 here. */
export async function twoFactorSummary(ex: Executor, userId: string): Promise<{ totp: boolean; passkeys: number; recoveryCodesLeft: number }> {
  const totp = await hasSecondFactor(ex, userId);
  return { totp, passkeys: 0, recoveryCodesLeft: totp ? await countUnusedRecoveryCodesByUserId(ex, userId) : 0 };
}
