import type { Kysely } from 'kysely';

// Frozen in time: never edit a landed migration, add a new one.
// The admin audit: one row per administrative change (and per lockdown), kept when the actor
// or the target is deleted, so actor and target are copied (id and a readable label), not referenced.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('admin_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_username', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('target_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('changes', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  // newest first, whole or by actor, target or type (keyset pagination on (created_at, id))
  await db.schema.createIndex('admin_audit_created').on('admin_audit').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('admin_audit_actor_created').on('admin_audit').columns(['actor_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('admin_audit_target_created').on('admin_audit').columns(['target_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('admin_audit_type_created').on('admin_audit').columns(['type', 'created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('admin_audit').execute();
}
