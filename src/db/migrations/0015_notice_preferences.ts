import type { Kysely } from 'kysely';

// Frozen in time: never edit a landed migration, add a new one.
// The notices a user may turn off (src/mail/notice-preferences.ts): on (1) by default.
const COLUMNS = ['notify_token_created', 'notify_app_password_created', 'notify_passkey_added'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of COLUMNS) {
    await db.schema.alterTable('users').addColumn(column, 'integer', (c) => c.notNull().defaultTo(1)).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of COLUMNS) await db.schema.alterTable('users').dropColumn(column).execute();
}
