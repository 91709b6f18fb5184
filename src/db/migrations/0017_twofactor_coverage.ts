import type { Kysely } from 'kysely';

// Frozen in time: never edit a landed migration, add a new one.
// Who the 2FA rules stop, as lists an admin pages through: the active users without a second
// factor, oldest first (disabled = 0, then the keyset), and an account's members, oldest first
// (the primary key (account_id, user_id) cannot give that order without a sort of every member).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('users_active_created').on('users').columns(['disabled', 'created_at', 'id']).execute();
  await db.schema.createIndex('account_members_account_created').on('account_members').columns(['account_id', 'created_at', 'user_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('account_members_account_created').execute();
  await db.schema.dropIndex('users_active_created').execute();
}
