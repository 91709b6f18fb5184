/**
 * What may have changed in the database, for the read caches (SQLite). Two kinds of change:
 * - a change of one user's rows (`userChanged`, from the row triggers in row-changes.ts): it
 *   drops that user's cached reads (their sessions, tokens and profile view) and no others;
 * - a change that cannot be pinned on one user (`bump`: the settings table, a schema change,
 *   another process's commit seen through SQLite's data_version, or any write while the row
 *   triggers are not installed): it drops every cached read.
 * A cached read remembers the `position` at which its load began and the global epoch, and is
 * trusted only while neither moved for its user (ReadCache). Only SQLite has one: on PostgreSQL
 * other nodes write, so there is no epoch and nothing that grants access is cached (database.ts).
 */
export class ChangeEpoch {
  #global = 0;
  #position = 0;
  #lastProbe = 0;
  /** user id → the position of that user's last change */
  readonly #users = new Map<string, number>();
  /** while false, every write counts as a global change (see change-tracking-dialect.ts) */
  rowTracking = false;

  constructor(
    private readonly probe: (() => boolean) | null = null,
    private readonly probeIntervalMs = PROBE_INTERVAL_MS,
    private readonly maxUsers = MAX_TRACKED_USERS,
  ) {}

  /** The global epoch: moves at every change no single user owns. */
  current(): number {
    if (this.probe) {
      const now = performance.now();
      if (now - this.#lastProbe >= this.probeIntervalMs) {
        this.#lastProbe = now;
        if (this.probe()) this.bump();
      }
    }
    return this.#global;
  }

  /** Where the stream of changes is now; a load takes it before it reads. */
  position(): number {
    return this.#position;
  }

  /** Something was (or may have been) written that no single user owns. */
  bump(): void {
    this.#global++;
    this.#position++;
  }

  /** A row of this user changed (or a row that belongs to them). */
  userChanged(userId: string): void {
    if (this.#users.size >= this.maxUsers && !this.#users.has(userId)) {
      // forgetting positions would make old entries look fresh: forget everything instead
      this.#users.clear();
      this.bump();
    }
    this.#users.set(userId, ++this.#position);
  }

  /** Whether this user's rows changed after `position`. */
  userChangedSince(userId: string, position: number): boolean {
    return (this.#users.get(userId) ?? 0) > position;
  }
}

/** How stale a cached read may be after another process (e.g. the CLI) wrote to SQLite. */
export const PROBE_INTERVAL_MS = 50;
/** Users whose last change position is remembered; beyond it every cached read is dropped once. */
const MAX_TRACKED_USERS = 100_000;

/**
 * SQLite's `PRAGMA data_version` moves when another connection commits; our own commits are
 * tracked by the dialect. A closed database reads as changed.
 */
export function sqliteDataVersionProbe(pragma: () => unknown): () => boolean {
  let last: unknown = null;
  return () => {
    let version: unknown;
    try {
      version = pragma();
    } catch {
      return true;
    }
    const changed = version !== last;
    last = version;
    return changed;
  };
}
