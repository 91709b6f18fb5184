import type { Db, Executor } from '../../db/schema.js';
import { tooManyRequests } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import { newId } from '../../lib/secrets.js';
import * as store from './store.js';

/** At most `max` uses in any `windowMs`. */
export interface Window {
  windowMs: number;
  max: number;
}

/** A budget: a key (`user:<id>`, `ip:<address>`, `mail-to:<address>`) and its windows. */
export interface Budget {
  key: string;
  windows: readonly Window[];
}

/** What `take` reserved; `release` gives it back (e.g. a right password: only failures count). */
export interface Reservation {
  release(): Promise<void>;
}

/** The longest window any budget uses; older uses are swept. */
export const LONGEST_WINDOW_MS = 24 * 3_600_000;

/**
 * Rate budgets kept in the database, so that every node of a cluster sees the same counts.
 *
 * The one rule of every budget (sign-in failures, codes, mails, uploads): a use is reserved
 * *before* the work it pays for, then counted. The reservation is committed on its own (never
 * inside the caller's transaction), so of any number of racing requests each one's count
 * includes every reservation committed before it, and at most `max` see themselves within
 * the budget, on SQLite and on PostgreSQL alike. A refused use counts too (increment, then
 * check): withdrawing it would let a burst whose reservations refused each other leave the
 * budget unspent, and the right password sent last would get through.
 */
export class Budgets {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /**
   * Reserves one use of every budget, then checks each; all or nothing.
   * @throws 429 rate_limited with Retry-After (the longest wait of the spent budgets)
   */
  async take(budgets: readonly Budget[]): Promise<Reservation> {
    const now = this.clock.now();
    const createdAt = iso(now);
    const rows = budgets.map((budget) => ({ id: newId(), scope_key: budget.key, created_at: createdAt }));
    await store.insertUses(this.db, rows);
    let retryAfterMs = 0;
    for (const budget of budgets) {
      for (const window of budget.windows) {
        const since = iso(new Date(now.getTime() - window.windowMs));
        const { count, oldest } = await store.countUsesSince(this.db, budget.key, since);
        if (count > window.max) {
          const freed = oldest ? Date.parse(oldest) + window.windowMs - now.getTime() : window.windowMs;
          retryAfterMs = Math.max(retryAfterMs, freed, 1000);
        }
      }
    }
    if (retryAfterMs > 0) throw tooManyRequests(Math.ceil(retryAfterMs / 1000));
    const ids = rows.map((row) => row.id);
    return { release: () => store.deleteUsesByIds(this.db, ids) };
  }

  /** Whether every budget has room for one more use, without reserving one (e.g. to skip a mail quietly). */
  async hasRoom(ex: Executor, budgets: readonly Budget[]): Promise<boolean> {
    const now = this.clock.now().getTime();
    for (const budget of budgets) {
      for (const window of budget.windows) {
        const { count } = await store.countUsesSince(ex, budget.key, iso(new Date(now - window.windowMs)));
        if (count >= window.max) return false;
      }
    }
    return true;
  }

  /**
   * Records one use inside the caller's transaction, for budgets checked under a row lock
   * (`hasRoom` then `record` in one transaction that holds the lock).
   */
  async record(ex: Executor, keys: readonly string[]): Promise<void> {
    const createdAt = iso(this.clock.now());
    await store.insertUses(ex, keys.map((key) => ({ id: newId(), scope_key: key, created_at: createdAt })));
  }

  /** Forgets every use counted against these keys (an account that is deleted). */
  async forget(ex: Executor, keys: readonly string[]): Promise<void> {
    for (const key of keys) await store.deleteUsesForKey(ex, key);
  }

  /** Forgets uses older than the longest window. */
  async sweep(): Promise<void> {
    await store.deleteUsesBefore(this.db, iso(new Date(this.clock.now().getTime() - LONGEST_WINDOW_MS)));
  }
}
