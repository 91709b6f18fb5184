import type { Kysely } from 'kysely';

// Frozen in time: never edit a landed migration, add a new one.
// Invitations and temporary passwords (issue 17, point 5).
export async function up(db: Kysely<any>): Promise<void> {
  // 1: the password was set by an administrator; the next password sign-in asks for a new one
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // 1: invited, no password yet (cleared when a password is set: accepted, or a reset)
  await db.schema
    .alterTable('users')
    .addColumn('invitation_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // what a sign-in ticket is for: the second factor, or the new password after a temporary one
  await db.schema
    .alterTable('login_tickets')
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo('second_factor'))
    .execute();
  // a password-change ticket: how the sign-in proved itself so far (the session's method)
  await db.schema.alterTable('login_tickets').addColumn('sign_in_method', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('login_tickets').dropColumn('sign_in_method').execute();
  await db.schema.alterTable('login_tickets').dropColumn('purpose').execute();
  await db.schema.alterTable('users').dropColumn('invitation_pending').execute();
  await db.schema.alterTable('users').dropColumn('must_change_password').execute();
}
