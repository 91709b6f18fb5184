import type { Db, Executor } from '../../db/schema.js';
import { tooManyRequests } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import type { Budget } from '../../lib/rate-budget.js';
import { newId } from '../../lib/secrets.js';
import * as store from './store.js';


/** What `take` reserved; `release` gives it back (e.g. a right password: only failures count). */
export interface Reservation {
  release(): Promise<void>;
}

/** The longest window any budget uses; older uses are swept. */
export const LONGEST_WINDOW_MS = 24 * 3_600_000;

export interface BudgetsOptions {
  db: Db;
  clock: Clock;
  engine: 'sqlite' | 'postgres';
}

/**
 * Rate budgets kept in the database, so that every node of a cluster sees the same counts. Two
 * ways to spend one, for two kinds of thing:
 *
 * - `take`, for guesses (passwords, codes, probes): a use is reserved *before* the work it pays
 *   for, committed on its own, then counted; of any number of racing requests at most `max`
 *   see themselves within the budget, on SQLite and PostgreSQL alike, and no lock is held while
 *   a password is hashed. A refused use counts too (increment, then check): a burst that spends
 *   the budget keeps it spent, so the right password sent last gets 429.
 * - `spend`, for what a refusal must not prolong (mails): the keys are locked (PostgreSQL
 *   advisory locks for the transaction; SQLite's write lock is held already), then counted, and
 *   a use is recorded only when there is room. Exact: a burst sends exactly the budget, and a
 *   burst of refusals leaves nothing behind.
 */
export class Budgets {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly engine: 'sqlite' | 'postgres';

  constructor(options: BudgetsOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.engine = options.engine;
  }

  /**
   * Reserves one use of every budget, then checks each; all or nothing.
   * @throws 429 rate_limited with Retry-After (the longest wait of the spent budgets)
   */
  async take(budgets: readonly Budget[]): Promise<Reservation> {
    const now = this.clock.now();
    const rows = budgets.map((budget) => ({ id: newId(), scope_key: budget.key, created_at: iso(now) }));
    await store.insertUses(this.db, rows);
    const retryAfterMs = await this.waitNeeded(this.db, budgets, now, 1);
    if (retryAfterMs > 0) throw tooManyRequests(Math.ceil(retryAfterMs / 1000));
    const ids = rows.map((row) => row.id);
    return { release: () => store.deleteUsesByIds(this.db, ids) };
  }

  /**
   * Records one use of every budget if each has room, exactly; inside `ex` when it is a
   * transaction (the locks then last until it ends), else in a transaction of its own.
   * @returns 0 when spent, else the seconds until there is room again
   */
  async spend(ex: Executor, budgets: readonly Budget[]): Promise<number> {
    if (!ex.isTransaction) return this.db.transaction().execute((trx) => this.spend(trx, budgets));
    const keys = [...new Set(budgets.map((budget) => budget.key))].sort();
    // in one order everywhere, so two transactions never wait on each other's keys
    if (this.engine === 'postgres') for (const key of keys) await store.lockKey(ex, key);
    const now = this.clock.now();
    const retryAfterMs = await this.waitNeeded(ex, budgets, now, 0);
    if (retryAfterMs > 0) return Math.ceil(retryAfterMs / 1000);
    await this.record(ex, keys);
    return 0;
  }

  /** `spend`, or 429 rate_limited with Retry-After. */
  async spendOrRefuse(ex: Executor, budgets: readonly Budget[]): Promise<void> {
    const retryAfterSeconds = await this.spend(ex, budgets);
    if (retryAfterSeconds > 0) throw tooManyRequests(retryAfterSeconds);
  }

  /** Records one use without asking (a use that must always happen but still counts). */
  async record(ex: Executor, keys: readonly string[]): Promise<void> {
    const createdAt = iso(this.clock.now());
    await store.insertUses(ex, keys.map((key) => ({ id: newId(), scope_key: key, created_at: createdAt })));
  }

  /** Forgets every use counted against these keys (a user that is deleted). */
  async forget(ex: Executor, keys: readonly string[]): Promise<void> {
    for (const key of keys) await store.deleteUsesForKey(ex, key);
  }

  /** Forgets uses older than the longest window. */
  async sweep(): Promise<void> {
    await store.deleteUsesBefore(this.db, iso(new Date(this.clock.now().getTime() - LONGEST_WINDOW_MS)));
  }

  /** How long until every budget has room for `extra` more uses than it has (0: now). */
  private async waitNeeded(ex: Executor, budgets: readonly Budget[], now: Date, counted: 0 | 1): Promise<number> {
    let retryAfterMs = 0;
    for (const budget of budgets) {
      for (const window of budget.windows) {
        const { count, oldest } = await store.countUsesSince(ex, budget.key, iso(new Date(now.getTime() - window.windowMs)));
        // `take` counted its own reservation already; `spend` asks for room for one more
        if (count + (1 - counted) > window.max) {
          const freed = oldest ? Date.parse(oldest) + window.windowMs - now.getTime() : window.windowMs;
          retryAfterMs = Math.max(retryAfterMs, freed, 1000);
        }
      }
    }
    return retryAfterMs;
  }
}
