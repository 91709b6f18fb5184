import type { Kysely } from 'kysely';

// Frozen in time: never edit a landed migration, add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // lower-cased name: unique, so "Acme" and "ACME" cannot both exist
    .addColumn('name_lower', 'text', (c) => c.notNull().unique())
    // vendor | distributor | reseller
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('requires_mfa', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('account_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('account_groups_account_name_unique', ['account_id', 'name_lower'])
    // target of the members' composite foreign key: a member's group belongs to the member's account
    .addUniqueConstraint('account_groups_id_account_unique', ['id', 'account_id'])
    .execute();

  await db.schema
    .createTable('account_members')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // one group per account: a user appears at most once per account
    .addPrimaryKeyConstraint('account_members_pk', ['account_id', 'user_id'])
    // no action on delete: a group with members cannot be deleted
    .addForeignKeyConstraint('account_members_group_fk', ['group_id', 'account_id'], 'account_groups', ['id', 'account_id'])
    .execute();
  await db.schema.createIndex('account_members_user').on('account_members').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('account_members_group').on('account_members').column('group_id').execute();

  // Users that come from the external directory, linked by the directory's stable id (entryUUID).
  await db.schema
    .createTable('directory_users')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull().unique())
    .addColumn('dn', 'text', (c) => c.notNull())
    .addColumn('synced_at', 'text', (c) => c.notNull())
    // 1 when the last sync disabled the user because the directory no longer has them
    .addColumn('disabled_by_sync', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['directory_users', 'account_members', 'account_groups', 'accounts']) {
    await db.schema.dropTable(table).execute();
  }
}
