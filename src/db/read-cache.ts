import type { Clock } from '../lib/clock.js';
import type { ChangeEpoch } from './change-epoch.js';

interface Entry<V> {
  epoch: number;
  position: number;
  userId: string;
  loadedAt: number;
  value: V;
}

/**
 * Hot reads (the session or token behind a request, a profile view) kept in memory while the
 * database has not changed for their user since they were read (see ChangeEpoch), and never
 * longer than `ttlMs` of the clock, so that time-based rules (a pending change expiring) catch
 * up. Values are frozen: they are shared by every request that hits them. Misses
 * (null/undefined) are not kept, so unknown keys cannot flood the cache.
 */
export class ReadCache<V extends object> {
  readonly #entries = new Map<string, Entry<V>>();

  constructor(
    private readonly epoch: ChangeEpoch,
    private readonly clock: Clock,
    /** whose rows the value was read from: a change of that user's rows drops it */
    private readonly userOf: (value: V) => string,
    private readonly ttlMs = READ_CACHE_TTL_MS,
    private readonly maxEntries = 10_000,
  ) {}

  /** The cached value when it is still good; undefined otherwise (then call `get`). Synchronous: hits cost no await. */
  peek(key: string): V | undefined {
    const hit = this.#entries.get(key);
    if (!hit || hit.epoch !== this.epoch.current() || this.epoch.userChangedSince(hit.userId, hit.position)) return undefined;
    const now = this.clock.nowMs();
    return now >= hit.loadedAt && now - hit.loadedAt < this.ttlMs ? hit.value : undefined;
  }

  /** The cached value when it is still good, else what `load` reads (kept for the next caller). */
  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const hit = this.peek(key);
    if (hit !== undefined) return hit;
    // taken before the read: a change that lands while it runs makes the entry stale at once
    const epoch = this.epoch.current();
    const position = this.epoch.position();
    const now = this.clock.nowMs();
    const value = await load();
    if (value !== undefined && value !== null) {
      this.#entries.delete(key);
      if (this.#entries.size >= this.maxEntries) this.evictOldest();
      this.#entries.set(key, { epoch, position, userId: this.userOf(value), loadedAt: now, value: Object.freeze(value) });
    }
    return value;
  }

  private evictOldest(): void {
    const oldest = this.#entries.keys().next();
    if (!oldest.done) this.#entries.delete(oldest.value);
  }
}

/** The longest a cached read lives, whatever the change epoch says. */
export const READ_CACHE_TTL_MS = 1000;
