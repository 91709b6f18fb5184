import type { Kysely } from 'kysely';

// Frozen in time: never edit a landed migration, add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  // Between a right password and a right second factor: no session exists yet, only a ticket.
  await db.schema
    .createTable('login_tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // SHA-256 (hex) of the ticket handed to the client; the ticket itself is never stored
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('login_tickets_user').on('login_tickets').column('user_id').execute();
  await db.schema.createIndex('login_tickets_expires').on('login_tickets').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_tickets').execute();
}
