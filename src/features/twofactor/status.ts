import { afterCursor } from '../../db/keyset.js';
import { precompiled } from '../../db/precompiled.js';
import type { Executor, UsersTable } from '../../db/schema.js';
import type { CursorPosition } from '../../lib/cursor.js';
import type { UserJoin, UsersExpressions } from '../../db/user-join.js';
import { anyPasskeyOf, countPasskeys, passkeyCountOf } from '../passkeys/status.js';
import { countUnusedRecoveryCodesByUserId } from './store.js';

/** Whether the user has confirmed TOTP (the code-based second factor, with its recovery codes). */
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

/** Whether the user has TOTP on: where a second factor is asked as a code (deleting the account, a password reset). */
export async function hasTotp(ex: Executor, userId: string): Promise<boolean> {
  const rows = await confirmedTotpByUserId(ex, userId);
  return rows.length > 0;
}

/**
 * The one rule of "has a second factor": TOTP or at least one passkey. Sign-in asks for it after
 * the password; account MFA rules and mandatory 2FA are satisfied by it. Other features ask this.
 */
export async function hasSecondFactor(ex: Executor, userId: string): Promise<boolean> {
  return (await secondFactorMethods(ex, userId)).length > 0;
}

export type SecondFactorMethod = 'totp' | 'recovery_code' | 'passkey';

/** The ways the user can answer the second step of a sign-in (empty: no second factor). */
export async function secondFactorMethods(ex: Executor, userId: string): Promise<SecondFactorMethod[]> {
  const methods: SecondFactorMethod[] = [];
  if (await hasTotp(ex, userId)) methods.push('totp', 'recovery_code');
  if ((await countPasskeys(ex, userId)) > 0) methods.push('passkey');
  return methods;
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
    .where((eb) => secondFactorWhere(eb, 'none'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The users countActiveUsersWithoutSecondFactor counts, one page of them, oldest first (keyset
 * on created_at, id: the index users_active_created of migration 0017). `limit + 1` rows: the
 * extra one says there is more.
 */
export async function listActiveUsersWithoutSecondFactor(ex: Executor, sources: UsersTable['source'][], limit: number, after: CursorPosition | null) {
  if (sources.length === 0) return [];
  let query = ex
    .selectFrom('users')
    .select(['users.id', 'users.username', 'users.display_name', 'users.email', 'users.source', 'users.created_at', 'users.last_sign_in_at'])
    .where('users.disabled', '=', 0)
    .where('users.source', 'in', sources)
    .where((eb) => secondFactorWhere(eb, 'none'));
  if (after) query = query.where((eb) => afterCursor(eb, 'users.created_at', 'users.id', 'asc', after));
  return query.orderBy('users.created_at', 'asc').orderBy('users.id', 'asc').limit(limit + 1).execute();
}

export interface TwoFactorSummary {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

function summary(totp: boolean, passkeys: number, recoveryCodesLeft: number): TwoFactorSummary {
  return { totp, passkeys, recoveryCodesLeft: totp ? recoveryCodesLeft : 0 };
}

/** The profile's `twoFactor` block. */
export async function twoFactorSummary(ex: Executor, userId: string): Promise<TwoFactorSummary> {
  const totp = await hasTotp(ex, userId);
  return summary(totp, await countPasskeys(ex, userId), totp ? await countUnusedRecoveryCodesByUserId(ex, userId) : 0);
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
    passkeyCountOf(eb).as('twofactor_passkeys'),
  ],
  // SQLite answers 0/1 and a number, PostgreSQL a boolean and a bigint as text
  read: (row) =>
    summary(
      row.twofactor_totp === true || Number(row.twofactor_totp) === 1,
      Number(row.twofactor_passkeys ?? 0),
      Number(row.twofactor_recovery_codes_left ?? 0),
    ),
};

/** A filter of the admin users table on the second factor, the same conditions as hasSecondFactor. */
export type SecondFactorFilter = 'totp' | 'passkey' | 'none';

export function secondFactorWhere(eb: UsersExpressions, filter: SecondFactorFilter) {
  if (filter === 'totp') return eb.exists(confirmedTotpOf(eb));
  if (filter === 'passkey') return eb.exists(anyPasskeyOf(eb));
  return eb.and([eb.not(eb.exists(confirmedTotpOf(eb))), eb.not(eb.exists(anyPasskeyOf(eb)))]);
}

/** Whether the `users` row of an outer query has a second factor: hasSecondFactor as a column (the admin's member list). */
export function hasSecondFactorOf(eb: UsersExpressions) {
  return eb.or([eb.exists(confirmedTotpOf(eb)), eb.exists(anyPasskeyOf(eb))]);
}

/** hasSecondFactorOf's value as either engine answers it (SQLite 0/1, PostgreSQL a boolean). */
export const readSecondFactorColumn = (value: unknown): boolean => value === true || Number(value) === 1;

/** The admin users table's 2FA column of each row: TOTP on, and how many passkeys. */
export const secondFactorColumnsJoin: UserJoin<{ totp: boolean; passkeys: number }> = {
  select: (eb) => [eb.exists(confirmedTotpOf(eb)).as('twofactor_totp'), passkeyCountOf(eb).as('twofactor_passkeys')],
  read: (row) => ({ totp: row.twofactor_totp === true || Number(row.twofactor_totp) === 1, passkeys: Number(row.twofactor_passkeys ?? 0) }),
};
