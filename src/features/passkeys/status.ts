import { precompiled } from '../../db/precompiled.js';
import type { Executor } from '../../db/schema.js';
import type { UsersExpressions } from '../../db/user-join.js';

/** How many passkeys the user has: the passkey half of "has a second factor" (twofactor/status.ts). */
const passkeyCountByUserId = precompiled((ex: Executor, userId: string) =>
  ex
    .selectFrom('passkeys')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId),
);

export async function countPasskeys(ex: Executor, userId: string): Promise<number> {
  const [row] = await passkeyCountByUserId(ex, userId);
  return Number(row?.n ?? 0);
}

/** The same count for the `users` row of an outer query (the coverage count, the profile join). */
export function passkeyCountOf(eb: UsersExpressions) {
  return eb
    .selectFrom('passkeys')
    .select((inner) => inner.fn.countAll().as('n'))
    .whereRef('passkeys.user_id', '=', 'users.id');
}

/** Whether the `users` row of an outer query has a passkey. */
export function anyPasskeyOf(eb: UsersExpressions) {
  return eb.selectFrom('passkeys').select('passkeys.user_id').whereRef('passkeys.user_id', '=', 'users.id');
}
