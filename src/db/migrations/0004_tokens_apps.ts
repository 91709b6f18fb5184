import type { Kysely } from 'kysely';

// Frozen in time: never edit a landed migration, add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    // SHA-256 (hex) of the whole token; the token itself is never stored
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // `uh_` + the first 4 random characters, shown in lists
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('last_used_ip', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_user_created').on('api_tokens').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('apps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    // SHA-256 (hex) of the app secret
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('secret_prefix', 'text', (c) => c.notNull())
    .addColumn('secret_rotated_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('apps_created').on('apps').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('app_passwords')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // deleting an app deletes its app passwords
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // SHA-256 (hex) of the normalised password (lower case, no separators)
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('last_used_ip', 'text')
    .execute();
  await db.schema.createIndex('app_passwords_user_app').on('app_passwords').columns(['user_id', 'app_id']).execute();
  await db.schema.createIndex('app_passwords_user_created').on('app_passwords').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('app_passwords_app').on('app_passwords').column('app_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('app_passwords').execute();
  await db.schema.dropTable('apps').execute();
  await db.schema.dropTable('api_tokens').execute();
}
