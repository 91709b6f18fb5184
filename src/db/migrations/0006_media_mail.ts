import type { Kysely } from 'kysely';

// Frozen in time: never edit a landed migration, add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per stored image file (an avatar upload gives two: 256 and 64 px).
  await db.schema
    .createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // avatar | avatar_small | background
    .addColumn('purpose', 'text', (c) => c.notNull())
    // where the bytes live in the media storage; chosen by the server, never by the uploader
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_user_purpose').on('media').columns(['user_id', 'purpose', 'created_at']).execute();

  // Outgoing mail, durable until delivered; the rendered message is sealed (it may carry a link token).
  await db.schema
    .createTable('mail_queue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    // pending | dead
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_queue_due').on('mail_queue').columns(['status', 'next_attempt_at']).execute();

  // Single-use tokens that travel by mail (password reset, email confirmation, email undo); SHA-256 only.
  await db.schema
    .createTable('email_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // the address the token is about: the new one (confirm) or the old one (undo)
    .addColumn('email', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('email_tokens_user_purpose').on('email_tokens').columns(['user_id', 'purpose']).execute();

  await db.schema
    .alterTable('users')
    .addColumn('notify_new_sign_in', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('notify_new_sign_in').execute();
  await db.schema.dropTable('email_tokens').execute();
  await db.schema.dropTable('mail_queue').execute();
  await db.schema.dropTable('media').execute();
}
