import type { Kysely } from 'kysely';

// Frozen in time: never edit a landed migration, add a new one.
// "This wasn't me": after a lockdown the user signs in again only after a password reset
// through the mailed link (1), which clears it (0).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('password_reset_required', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('password_reset_required').execute();
}
