import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';
import type { ChangeEpoch } from './change-epoch.js';

/** Whether a statement may change data: everything but a plain read counts as a write. */
export function mayWrite(query: CompiledQuery): boolean {
  const kind = query.query.kind;
  if (kind === 'SelectQueryNode') return false;
  if (kind === 'RawNode') return !/^\s*(select|explain)\b/i.test(query.sql);
  return true;
}

class TrackedConnection implements DatabaseConnection {
  inTransaction = false;
  wrote = false;

  constructor(
    readonly inner: DatabaseConnection,
    private readonly epoch: ChangeEpoch,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!mayWrite(query)) return this.inner.executeQuery<R>(query);
    try {
      return await this.inner.executeQuery<R>(query);
    } finally {
      if (this.inTransaction) this.wrote = true;
      else this.epoch.bump();
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } finally {
      if (mayWrite(query)) {
        if (this.inTransaction) this.wrote = true;
        else this.epoch.bump();
      }
    }
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

/** Wraps a dialect so that every committed write moves the change epoch. */
export function trackChanges(dialect: Dialect, epoch: ChangeEpoch): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new ChangeTrackingDriver(dialect.createDriver(), epoch),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
