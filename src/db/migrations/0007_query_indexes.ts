import { type Kysely, sql } from 'kysely';

/** Per-user lists, newest first by (created_at, id); the old (user_id, created_at) index of each is a prefix of the new one. */
const LISTS = ['sessions', 'security_events', 'api_tokens', 'app_passwords'];

// Frozen in time: never edit a landed migration, add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  // An index carries the row's rowid (SQLite) or ctid (PostgreSQL), not `id`: without `id` in it,
  // the tie-breaker of the order needs a sort of every row of the user.
  for (const table of LISTS) {
    await db.schema.createIndex(`${table}_user_created_id`).on(table).columns(['user_id', 'created_at', 'id']).execute();
    await db.schema.dropIndex(`${table}_user_created`).execute();
  }

  // Housekeeping: active sessions past their absolute or idle limit, ended ones past the history
  // window. Partial, so ending a session moves it from the first two to the third.
  await db.schema.createIndex('sessions_active_expires').on('sessions').column('expires_at').where(sql.ref('ended_at'), 'is', null).execute();
  await db.schema.createIndex('sessions_active_last_seen').on('sessions').column('last_seen_at').where(sql.ref('ended_at'), 'is', null).execute();
  await db.schema.createIndex('sessions_ended').on('sessions').column('ended_at').where(sql.ref('ended_at'), 'is not', null).execute();

  // Housekeeping ends the sessions of disabled users, found from the users' side.
  await db.schema.createIndex('users_disabled').on('users').columns(['disabled', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['users_disabled', 'sessions_ended', 'sessions_active_last_seen', 'sessions_active_expires']) {
    await db.schema.dropIndex(index).execute();
  }
  for (const table of LISTS) {
    await db.schema.createIndex(`${table}_user_created`).on(table).columns(['user_id', 'created_at']).execute();
    await db.schema.dropIndex(`${table}_user_created_id`).execute();
  }
}
