/**
 * A number that moves whenever the database may have changed. Read caches tag each entry with
 * the epoch they loaded it at and trust it only while the epoch has not moved, so a write is
 * never hidden by a cached read:
 * - this process's writes move it as they commit (see change-tracking-dialect.ts);
 * - other processes' writes (the CLI's, on the same SQLite file) move it through a probe
 *   (SQLite's data_version, checked at most every PROBE_INTERVAL_MS).
 * Only SQLite has one: on PostgreSQL other nodes write, so there is no epoch and no read cache
 * (see database.ts).
 */
export class ChangeEpoch {
  #value = 0;
  #lastProbe = 0;

  constructor(
    private readonly probe: (() => boolean) | null = null,
    private readonly probeIntervalMs = PROBE_INTERVAL_MS,
  ) {}

  current(): number {
    if (this.probe) {
      const now = performance.now();
      if (now - this.#lastProbe >= this.probeIntervalMs) {
        this.#lastProbe = now;
        if (this.probe()) this.#value++;
      }
    }
    return this.#value;
  }

  /** Something was (or may have been) written. */
  bump(): void {
    this.#value++;
  }
}

/** How stale a cached read may be after another process (e.g. the CLI) wrote to SQLite. */
export const PROBE_INTERVAL_MS = 50;

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
