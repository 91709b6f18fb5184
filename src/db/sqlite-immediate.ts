import { CompiledQuery, type DatabaseConnection, type Driver, SqliteDialect, type SqliteDialectConfig, SqliteDriver } from 'kysely';

const BEGIN_ATTEMPTS = 2;
/** better-sqlite3 waits out the busy timeout synchronously: let the event loop run before trying again */
const RETRY_PAUSE_MS = 50;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Transactions that take SQLite's write lock when they begin (`begin immediate`), not at
 * their first write. A deferred transaction that reads and then writes while another process
 * (the CLI beside the server) committed meanwhile cannot upgrade its snapshot and fails at
 * once with "database is locked", whatever the busy timeout; an immediate one waits for the
 * lock under the busy timeout instead, and its reads are never stale. A begin that still finds
 * the database busy after the timeout is tried once more, after a pause.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
        return;
      } catch (error) {
        if (!isBusy(error) || attempt >= BEGIN_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      }
    }
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
