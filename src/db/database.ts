import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type LogEvent, Migrator, PostgresDialect, type SqliteDatabase, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { ChangeEpoch, sqliteDataVersionProbe } from './change-epoch.js';
import { trackChanges } from './change-tracking-dialect.js';
import type { ChangeSignal } from './change-signal.js';
import { PgChangeListener, SETTINGS_CHANNEL } from './pg-change-listener.js';
import { preparedName } from './prepared-statements.js';
import { trackRowChanges } from './row-changes.js';
import { ImmediateSqliteDialect } from './sqlite-immediate.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: 'sqlite' | 'postgres';
  /** moves whenever the database may have changed; read caches key on it. null: no read caches (PostgreSQL) */
  changes: ChangeEpoch | null;
  /**
   * Moves when the settings table may have changed, on any node; null while that cannot be
   * known (PostgreSQL's listener is down). SQLite: the global change epoch.
   */
  settingsChanges: ChangeSignal;
  /** after the migrations: per-row change tracking (SQLite, row-changes.ts) or the settings listener (PostgreSQL) */
  afterMigrations(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** tests: called with the SQL of every statement run (Kysely's log) */
  onQuery?: (sql: string) => void;
}

/**
 * Opens the configured engine. SQLite: WAL, foreign keys on, a busy timeout, write transactions
 * that take the write lock as they begin (sqlite-immediate.ts); every committed
 * write moves `changes`, so the read caches can serve the hot path. PostgreSQL: a pool and no
 * `changes` (no read caches): with many nodes, another node's write could only be learnt of
 * after the fact (a NOTIFY arrives after the commit), and a revoked session or token must be
 * refused by every node at once, so every request reads the database.
 */
export function openDatabase(database: Config['database'], options: OpenOptions = {}): DatabaseHandle {
  const log = options.onQuery ? (event: LogEvent) => options.onQuery?.(event.query.sql) : undefined;
  if (database.kind === 'sqlite') {
    if (database.file !== ':memory:') fs.mkdirSync(path.dirname(database.file), { recursive: true });
    const sqlite = new SQLite(database.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    const dataVersion = sqlite.prepare('pragma data_version').pluck();
    const changes = new ChangeEpoch(sqliteDataVersionProbe(() => dataVersion.get()));
    const dialect = trackChanges(new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }), changes);
    const db = new Kysely<Database>({ dialect, log });
    return {
      db,
      engine: 'sqlite',
      changes,
      settingsChanges: { version: () => changes.current() },
      afterMigrations: async () => trackRowChanges(sqlite, changes),
      close: () => db.destroy(),
    };
  }
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  pool.on('connect', (client) => {
    usePreparedStatements(client);
    // queued ahead of the connection's first query; a failure only leaves the default mode
    client.query(GENERIC_PLANS).catch(() => undefined);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  const listener = new PgChangeListener(database.url, SETTINGS_CHANNEL);
  return {
    db,
    engine: 'postgres',
    changes: null,
    settingsChanges: listener,
    afterMigrations: () => listener.start(),
    close: async () => {
      await listener.close();
      await db.destroy();
    },
  };
}

/**
 * The hot queries run as named prepared statements (below), the only statements PostgreSQL keeps
 * plans for. By default it plans such a statement anew for each execution while the generic plan
 * looks dearer than a custom one, which for the caller lookup (`token_hash = any($1)` and eight
 * scalar subqueries) it always does: measured, 544–565 µs per 9-key execution in the default mode
 * against 281–312 µs with the generic plan, which uses the same indexes. Unnamed statements (every
 * other query) are planned per execution whatever this says.
 */
const GENERIC_PLANS = 'set plan_cache_mode = force_generic_plan';

/**
 * Runs the hot queries (prepared-statements.ts) as named statements on this connection. Kysely
 * calls `query(text, values)`; the other queries go on unnamed, as before.
 */
function usePreparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (config: pg.QueryConfig | string, values?: unknown[]) => Promise<pg.QueryResult>;
  const named = (text: unknown, values?: unknown[]) => {
    const name = typeof text === 'string' ? preparedName(text) : undefined;
    return name ? query({ name, text: text as string, values }) : query(text as string, values);
  };
  Object.assign(client, { query: named });
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; preparing costs more than running a small query, so reuse
 * prepared statements by SQL text (bounded; SQLite re-prepares them itself after schema changes).
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      let statement = cache.get(sqlText);
      if (!statement) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        statement = sqlite.prepare(sqlText);
        cache.set(sqlText, statement);
      }
      return statement;
    },
  };
}

/** Opens the database and brings its schema up to date (closing it again when that fails). */
export async function openMigrated(database: Config['database'], options: OpenOptions = {}): Promise<DatabaseHandle> {
  const handle = openDatabase(database, options);
  try {
    await migrateToLatest(handle.db);
    await handle.afterMigrations();
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Brings the schema up to date; safe to run on every start and from many nodes in turn. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
