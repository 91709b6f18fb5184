import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a landed migration, add a new one.
// The admin users table: the last sign-in as a column (written with each new session), and an
// index per sort order, each ending in `id` (the keyset tie-breaker). A user who never signed in
// sorts as '' (first when ascending).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('last_sign_in_at', 'text').execute();
  await sql`update users set last_sign_in_at = (select max(s.created_at) from sessions s where s.user_id = users.id)`.execute(db);
  await db.schema.createIndex('users_created_id').on('users').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('users_username_id').on('users').columns(['username', 'id']).execute();
  await db.schema.createIndex('users_email_id').on('users').columns(['email_lower', 'id']).execute();
  await sql`create index users_name_id on users ((lower(display_name)), id)`.execute(db);
  await sql`create index users_last_sign_in_id on users ((coalesce(last_sign_in_at, '')), id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['users_last_sign_in_id', 'users_name_id', 'users_email_id', 'users_username_id', 'users_created_id']) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.alterTable('users').dropColumn('last_sign_in_at').execute();
}
