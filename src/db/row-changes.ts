import type SQLite from 'better-sqlite3';
import type { ChangeEpoch } from './change-epoch.js';

/**
 * Tables no read cache ever reads: their writes drop nothing. A table that starts feeding a
 * cache must leave this list (a table missing from it is always tracked, which is safe).
 */
const UNCACHED_TABLES = new Set([
  'auth_failures',
  'mail_queue',
  'security_events',
  'login_tickets',
  'credentials',
  'app_passwords',
  'apps',
  'accounts',
  'account_groups',
  'account_members',
  'directory_users',
  'kysely_migration',
  // passkey challenges: passwordless ones belong to nobody (a write would drop every entry)
  'webauthn_challenges',
  // what the OpenID provider stores: no read cache reads it
  'oidc_models',
  'oidc_keys',
  'oidc_session_links',
  'kysely_migration_lock',
]);

const FUNCTION = 'userhub_row_changed';

/**
 * Tells the change epoch which user every committed row change belongs to, so that a write
 * drops that user's cached reads and no one else's (SQLite). TEMP triggers (this connection
 * only, never stored in the file, so the CLI and older builds are unaffected) on every table:
 * `users` by its id, tables with a `user_id` column by that, any other table as a global change.
 * Call after the migrations; a later schema change turns row tracking off until called again.
 */
export function trackRowChanges(sqlite: SQLite.Database, epoch: ChangeEpoch): void {
  sqlite.function(FUNCTION, { deterministic: false }, (userId: unknown) => {
    if (typeof userId === 'string') epoch.userChanged(userId);
    else epoch.bump();
    return null;
  });
  const tables = sqlite.prepare("select name from sqlite_schema where type = 'table' and name not like 'sqlite_%'").pluck().all() as string[];
  for (const table of tables) {
    if (UNCACHED_TABLES.has(table)) continue;
    const columns = (sqlite.pragma(`table_info(${quote(table)})`) as { name: string }[]).map((c) => c.name);
    const key = table === 'users' ? 'id' : columns.includes('user_id') ? 'user_id' : null;
    for (const event of ['insert', 'update', 'delete'] as const) {
      const rows = event === 'insert' ? ['new'] : event === 'delete' ? ['old'] : ['new', 'old'];
      const body = key ? rows.map((row) => `select ${FUNCTION}(${row}.${quote(key)});`).join(' ') : `select ${FUNCTION}(null);`;
      sqlite.exec(`create temp trigger if not exists ${quote(`userhub_changes_${table}_${event}`)} after ${event} on main.${quote(table)} begin ${body} end`);
    }
  }
  epoch.rowTracking = true;
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
