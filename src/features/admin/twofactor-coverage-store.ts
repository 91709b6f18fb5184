import type { Executor, UsersTable } from '../../db/schema.js';

/**
 * Active users of these sources without a confirmed second factor. "Confirmed second factor"
 * is the same condition as hasSecondFactor in twofactor/status.ts (a confirmed TOTP credential);
 * keep the two together.
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
