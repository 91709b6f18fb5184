import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';
import type { ChangeEpoch } from './change-epoch.js';

const ROW_NODES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

/**
 * read: changes nothing. rows: changes rows only (the row triggers see it, when installed).
 * schema: anything else (DDL, pragmas): may create a table no trigger watches yet.
 */
export function statementKind(query: CompiledQuery): 'read' | 'rows' | 'schema' {
  const kind = query.query.kind;
  if (kind === 'SelectQueryNode') return 'read';
  if (ROW_NODES.has(kind)) return 'rows';
  if (kind === 'RawNode') {
    if (/^\s*(select|explain)\b/i.test(query.sql)) return 'read';
    if (/^\s*(insert|update|delete|replace|with)\b/i.test(query.sql)) return 'rows';
  }
  return 'schema';
}

class TrackedConnection implements DatabaseConnection {
  inTransaction = false;
  wrote = false;

  constructor(
    readonly inner: DatabaseConnection,
    private readonly epoch: ChangeEpoch,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.mustTrack(query)) return this.inner.executeQuery<R>(query);
    try {
      return await this.inner.executeQuery<R>(query);
    } finally {
      this.wroteUntracked();
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    const track = this.mustTrack(query);
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } finally {
      if (track) this.wroteUntracked();
    }
  }

  /**
   * Whether this statement's changes must move the global epoch: row changes are the row
   * triggers' business once they are installed; a schema change turns them off (a new table
   * has none) until they are installed again.
   */
  private mustTrack(query: CompiledQuery): boolean {
    const kind = statementKind(query);
    if (kind === 'read') return false;
    if (kind === 'schema') this.epoch.rowTracking = false;
    return !(kind === 'rows' && this.epoch.rowTracking);
  }

  private wroteUntracked(): void {
    if (this.inTransaction) this.wrote = true;
    else this.epoch.bump();
  }
}

class ChangeTrackingDriver implements Driver {
  readonly #connections = new WeakMap<DatabaseConnection, TrackedConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly epoch: ChangeEpoch,
  ) {
    const savepoint = inner.savepoint?.bind(inner);
    const rollbackToSavepoint = inner.rollbackToSavepoint?.bind(inner);
    const releaseSavepoint = inner.releaseSavepoint?.bind(inner);
    if (savepoint) this.savepoint = (c, name, compile) => savepoint(tracked(c).inner, name, compile);
    if (rollbackToSavepoint) this.rollbackToSavepoint = (c, name, compile) => rollbackToSavepoint(tracked(c).inner, name, compile);
    if (releaseSavepoint) this.releaseSavepoint = (c, name, compile) => releaseSavepoint(tracked(c).inner, name, compile);
  }

  savepoint?: Driver['savepoint'];
  rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  releaseSavepoint?: Driver['releaseSavepoint'];

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let wrapper = this.#connections.get(connection);
    if (!wrapper) {
      wrapper = new TrackedConnection(connection, this.epoch);
      this.#connections.set(connection, wrapper);
    }
    return wrapper;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = tracked(connection);
    await this.inner.beginTransaction(c.inner, settings);
    c.inTransaction = true;
    c.wrote = false;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = tracked(connection);
    try {
      await this.inner.commitTransaction(c.inner);
    } finally {
      this.ended(c);
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = tracked(connection);
    try {
      await this.inner.rollbackTransaction(c.inner);
    } finally {
      this.ended(c);
    }
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(tracked(connection).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }

  private ended(c: TrackedConnection): void {
    if (c.wrote) this.epoch.bump();
    c.inTransaction = false;
    c.wrote = false;
  }
}

function tracked(connection: DatabaseConnection): TrackedConnection {
  if (!(connection instanceof TrackedConnection)) throw new Error('change tracking: a connection from another driver');
  return connection;
}

/** Wraps a dialect so that every committed write the row triggers do not see moves the change epoch. */
export function trackChanges(dialect: Dialect, epoch: ChangeEpoch): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new ChangeTrackingDriver(dialect.createDriver(), epoch),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
