import type { Clock } from '../lib/clock.js';
import type { ChangeEpoch } from './change-epoch.js';

interface Entry<V> {
  epoch: number;
  position: number;
  userId: string;
  loadedAt: number;
  /** how long it may be kept: the cache's limit, or less when the value says so (`maxAgeOf`) */
  maxAge: number;
  value: V;
}

export interface ReadCacheOptions<V> {
  /** whose rows the value was read from: a change of that user's rows drops it */
  userOf: (value: V) => string;
  /**
   * How long this value may be kept, when time alone can change it (e.g. a pending address
   * whose link expires): the owner of the value decides; capped by the cache's limit.
   */
  maxAgeOf?: (value: V) => number;
  ttlMs?: number;
  maxEntries?: number;
}

/**
 * Hot reads (the session or token behind a request, a profile view) kept in memory while the
 * database has not changed for their user since they were read (see ChangeEpoch), and never
 * longer than `ttlMs` of the clock, or less when the value's owner says time alone changes it
 * (`maxAgeOf`: a pending change expiring). Values are frozen: they are shared by every request
 * that hits them. Misses (null/undefined) are not kept, so unknown keys cannot flood the cache.
 */
export class ReadCache<V extends object> {
  readonly #entries = new Map<string, Entry<V>>();
  private readonly userOf: (value: V) => string;
  private readonly maxAgeOf: ((value: V) => number) | null;
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly epoch: ChangeEpoch,
    private readonly clock: Clock,
    options: ReadCacheOptions<V>,
  ) {
    this.userOf = options.userOf;
    this.maxAgeOf = options.maxAgeOf ?? null;
    this.ttlMs = options.ttlMs ?? READ_CACHE_TTL_MS;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** The cached value when it is still good; undefined otherwise (then call `get`). Synchronous: hits cost no await. */
  peek(key: string): V | undefined {
    const hit = this.#entries.get(key);
    if (!hit || hit.epoch !== this.epoch.current() || this.epoch.userChangedSince(hit.userId, hit.position)) return undefined;
    const now = this.clock.nowMs();
    return now >= hit.loadedAt && now - hit.loadedAt < hit.maxAge ? hit.value : undefined;
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
      const maxAge = Math.min(this.ttlMs, this.maxAgeOf?.(value) ?? Infinity);
      this.#entries.set(key, { epoch, position, userId: this.userOf(value), loadedAt: now, maxAge, value: Object.freeze(value) });
    }
    return value;
  }

  private evictOldest(): void {
    const oldest = this.#entries.keys().next();
    if (!oldest.done) this.#entries.delete(oldest.value);
  }
}

/**
 * The longest a cached read lives, whatever the change epoch says. Not what keeps it correct
 * (the change epoch does, and `maxAgeOf` for what time changes): a bound on an entry the
 * epoch would wrongly keep. It was 1 s; with 200 users in rotation that reloaded 400 entries a
 * second, 15 % of the server's CPU per read (bench/README, "the read cache's age limit").
 */
export const READ_CACHE_TTL_MS = 60_000;
