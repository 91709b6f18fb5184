import { PostgresAdapter, type SqlBool, sql } from 'kysely';
import { afterCursor } from '../../db/keyset.js';
import type { Executor, NewUserRow, UserRow, UserUpdate } from '../../db/schema.js';
import type { CursorPosition } from '../../lib/cursor.js';
import { emailLower } from './rules.js';

export async function insertUser(ex: Executor, row: NewUserRow, passwordHash: string | null, now: string): Promise<void> {
  await ex.insertInto('users').values(row).execute();
  if (passwordHash !== null) {
    await ex.insertInto('credentials').values({ user_id: row.id, password_hash: passwordHash, changed_at: now }).execute();
  }
}

export function findUserById(ex: Executor, id: string): Promise<UserRow | undefined> {
  return ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByUsername(ex: Executor, username: string): Promise<UserRow | undefined> {
  return ex.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
}

export function findUserByEmail(ex: Executor, email: string): Promise<UserRow | undefined> {
  return ex.selectFrom('users').selectAll().where('email_lower', '=', emailLower(email)).executeTakeFirst();
}

export async function emailTakenByOther(ex: Executor, email: string, userId: string | null): Promise<boolean> {
  let query = ex.selectFrom('users').select('id').where('email_lower', '=', emailLower(email));
  if (userId) query = query.where('id', '!=', userId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function updateUserById(ex: Executor, id: string, patch: UserUpdate): Promise<boolean> {
  const result = await ex.updateTable('users').set(patch).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes the user; credentials, sessions and events go with it (ON DELETE CASCADE). */
export async function deleteUserById(ex: Executor, id: string): Promise<boolean> {
  const result = await ex.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function countUsers(ex: Executor): Promise<number> {
  const row = await ex.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Oldest first, keyset-paginated; `search` matches username, email or display name (case-insensitive). */
export function listUsers(ex: Executor, options: { limit: number; after: CursorPosition | null; search: string | null }) {
  let query = ex.selectFrom('users').selectAll();
  if (options.after) {
    const after = options.after;
    query = query.where((eb) => afterCursor(eb, 'created_at', 'id', 'asc', after));
  }
  if (options.search) {
    const pattern = `%${options.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        sql<SqlBool>`username like ${pattern} escape '\\'`,
        sql<SqlBool>`email_lower like ${pattern} escape '\\'`,
        sql<SqlBool>`lower(display_name) like ${pattern} escape '\\'`,
      ]),
    );
  }
  return query.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(options.limit + 1).execute();
}

export async function findPasswordHash(ex: Executor, userId: string): Promise<string | null> {
  const row = await ex.selectFrom('credentials').select('password_hash').where('user_id', '=', userId).executeTakeFirst();
  return row?.password_hash ?? null;
}

export async function upsertPasswordHash(ex: Executor, userId: string, passwordHash: string, now: string): Promise<void> {
  const updated = await ex
    .updateTable('credentials')
    .set({ password_hash: passwordHash, changed_at: now })
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await ex.insertInto('credentials').values({ user_id: userId, password_hash: passwordHash, changed_at: now }).execute();
  }
}

/**
 * After a password was set: it is temporary or not, and the user is no longer waiting for an
 * invitation to be accepted.
 */
export async function setPasswordFlags(ex: Executor, userId: string, temporary: boolean, now: string): Promise<void> {
  await ex
    .updateTable('users')
    .set({ must_change_password: temporary ? 1 : 0, invitation_pending: 0, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

/** Sets or clears "no sign-in until a password reset" (a lockdown). */
export async function setPasswordResetRequired(ex: Executor, userId: string, required: boolean, now: string): Promise<void> {
  await ex
    .updateTable('users')
    .set({ password_reset_required: required ? 1 : 0, updated_at: now })
    .where('id', '=', userId)
    .where('password_reset_required', '=', required ? 0 : 1)
    .execute();
}

/**
 * Takes the user's row lock until the transaction ends, changing nothing (PostgreSQL; SQLite
 * runs one transaction at a time anyway). For check-then-write rules per user, e.g. budgets.
 */
export async function lockUserRow(ex: Executor, id: string): Promise<boolean> {
  const result = await ex
    .updateTable('users')
    .set((eb) => ({ disabled: eb.ref('disabled') }))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Locks the rows of every active admin until the transaction ends (PostgreSQL row locks; SQLite
 * takes its write lock), so two concurrent demotions cannot both see "another admin is left".
 * Call it before counting admins in a transaction that may remove one.
 */
export async function lockActiveAdmins(ex: Executor): Promise<string[]> {
  const rows = await ex
    .updateTable('users')
    .set((eb) => ({ role: eb.ref('role') }))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * The users table's "last sign-in". A sign-in transaction has already locked rows of the user's
 * credentials (a passkey's counter, a TOTP step) when its session starts, while an admin's 2FA
 * reset or a deletion locks the user's row first and then those rows: waiting here for the user's
 * row would close a cycle (a deadlock on PostgreSQL). So it is skipped while another transaction
 * holds the row, at worst one sign-in late. SQLite has one writer at a time: no cycle, a plain update.
 */
export async function recordLastSignIn(ex: Executor, userId: string, at: string): Promise<void> {
  if (ex.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`update users set last_sign_in_at = ${at} where id = (select id from users where id = ${userId} for no key update skip locked)`.execute(ex);
  } else {
    await ex.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', userId).execute();
  }
}
