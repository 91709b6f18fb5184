import type { Executor } from '../../db/schema.js';
import { conflict } from '../../http/problem.js';
import { lockActiveAdmins } from './store.js';

/**
 * The last-active-admin rule, for every way a user can stop being an active admin (deleted by
 * an admin or by themselves, demoted, disabled by an admin or by the directory sync).
 *
 * Call it inside the transaction that is about to do it, before the change: it locks every
 * active admin's row (PostgreSQL row locks; SQLite holds its write lock already), so of two
 * admins removing each other or themselves at once the second sees the first one gone.
 * Whether `userId` is an active admin is decided from the locked rows, never from a row read
 * before the lock.
 * @throws 409 last_admin
 */
export async function assertAnotherActiveAdmin(trx: Executor, userId: string): Promise<void> {
  const admins = await lockActiveAdmins(trx);
  if (admins.includes(userId) && admins.length <= 1) {
    throw conflict('last_admin', 'The last administrator cannot be removed, demoted or disabled.');
  }
}
