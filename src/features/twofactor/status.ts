import { precompiled } from '../../db/precompiled.js';
import type { Executor, UsersTable } from '../../db/schema.js';
import type { UserJoin, UsersExpressions } from '../../db/user-join.js';
import { countUnusedRecoveryCodesByUserId } from './store.js';

/** Whether the user has a confirmed second factor (TOTP today). Other features ask this. */
const confirmedTotpByUserId = precompiled((ex: Executor, userId: string) =>
  ex.selectFrom('totp_credentials').select('user_id').where('user_id', '=', userId).where('confirmed_at', 'is not', null),
);

/** The same condition for the `users` row of an outer query (the coverage count, the profile join). */
function confirmedTotpOf(eb: UsersExpressions) {
  return eb
    .selectFrom('totp_credentials')
    .select('totp_credentials.user_id')
    .whereRef('totp_credentials.user_id', '=', 'users.id')
    .where('totp_credentials.confirmed_at', 'is not', null);
}

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
    .where((eb) => eb.not(eb.exists(confirmedTotpOf(eb))))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface TwoFactorSummary {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

function summary(totp: boolean, recoveryCodesLeft: number): TwoFactorSummary {
  return { totp, passkeys: 0, recoveryCodesLeft: totp ? recoveryCodesLeft : 0 };
}

/** The profile's `twoFactor` block. Passkeys are not part of this feature: always 0 here. */
export async function twoFactorSummary(ex: Executor, userId: string): Promise<TwoFactorSummary> {
  const totp = await hasSecondFactor(ex, userId);
  return summary(totp, totp ? await countUnusedRecoveryCodesByUserId(ex, userId) : 0);
}

/**
 * The same block as columns of the caller's row (read with the session or token, see
 * UserJoin); the count is countUnusedRecoveryCodesByUserId's.
 */
export const twoFactorSummaryJoin: UserJoin<TwoFactorSummary> = {
  select: (eb) => [
    eb.exists(confirmedTotpOf(eb)).as('twofactor_totp'),
    eb
      .selectFrom('recovery_codes')
      .select((inner) => inner.fn.countAll().as('n'))
      .whereRef('recovery_codes.user_id', '=', 'users.id')
      .where('recovery_codes.used_at', 'is', null)
      .as('twofactor_recovery_codes_left'),
  ],
  // SQLite answers 0/1 and a number, PostgreSQL a boolean and a bigint as text
  read: (row) => summary(row.twofactor_totp === true || Number(row.twofactor_totp) === 1, Number(row.twofactor_recovery_codes_left ?? 0)),
};
