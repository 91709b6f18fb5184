import { type Kysely, sql } from 'kysely';

// Frozen in time: never edit a landed migration, add a new one.
// The dashboard theme (system | light | dark), and Gravatar off by default: an instance that
// already has users keeps Gravatar on unless an admin had turned it off (the setting's default
// used to be on); a new instance starts with it off (initials, nothing loaded from gravatar.com).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('theme', 'text', (c) => c.notNull().defaultTo('system')).execute();
  const users = await db.selectFrom('users').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const stored = await db.selectFrom('settings').select('key').where('key', '=', 'gravatar').executeTakeFirst();
  if (Number(users.n) > 0 && !stored) await db.insertInto('settings').values({ key: 'gravatar', value: 'true' }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('theme').execute();
}
