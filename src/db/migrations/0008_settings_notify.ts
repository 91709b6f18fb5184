import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: never edit a landed migration, add a new one.
// PostgreSQL only: every change of the settings table notifies `userhub_settings` as it commits,
// so each node drops its cached copy (src/db/pg-change-listener.ts). SQLite has one writer
// process at a time and tracks changes itself.
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`
    create or replace function userhub_notify_settings() returns trigger language plpgsql as $$
    begin
      perform pg_notify('userhub_settings', '');
      return null;
    end $$
  `.execute(db);
  await sql`
    create trigger userhub_settings_changed after insert or update or delete or truncate on settings
    for each statement execute function userhub_notify_settings()
  `.execute(db);
}
