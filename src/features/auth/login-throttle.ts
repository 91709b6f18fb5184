import type { Db, Executor } from '../../db/schema.js';
import { tooManyRequests } from '../../http/problem.js';
import { type Clock, addMs, iso } from '../../lib/clock.js';
import { newId } from '../../lib/secrets.js';
import * as store from './throttle-store.js';

interface Limit {
  scope: 'user' | 'ip';
  windowMs: number;
  max: number;
}

/**
 * Failure budgets: per account 10 a minute and 100 an hour, per IP 100 a minute. Only failures
 * count; while a budget is spent even the right password is refused. Kept in the database, so
 * every node of a cluster sees the same counts.
 */
const LIMITS: Limit[] = [
  { scope: 'user', windowMs: 60_000, max: 10 },
  { scope: 'user', windowMs: 3_600_000, max: 100 },
  { scope: 'ip', windowMs: 60_000, max: 100 },
];

export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  private keys(account: string, ip: string) {
    return { user: `user:${account.trim().toLowerCase().slice(0, 256)}`, ip: `ip:${ip}` };
  }

  /** @throws 429 rate_limited with Retry-After while any budget is spent. */
  async assertAllowed(account: string, ip: string): Promise<void> {
    const keys = this.keys(account, ip);
    const now = this.clock.now();
    let retryAfterMs = 0;
    for (const limit of LIMITS) {
      const { count, oldest } = await store.countFailuresSince(this.db, keys[limit.scope], iso(addMs(now, -limit.windowMs)));
      if (count >= limit.max && oldest) {
        retryAfterMs = Math.max(retryAfterMs, Date.parse(oldest) + limit.windowMs - now.getTime());
      }
    }
    if (retryAfterMs > 0) throw tooManyRequests(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  }

  async recordFailure(account: string, ip: string): Promise<void> {
    const keys = this.keys(account, ip);
    const createdAt = iso(this.clock.now());
    await store.insertFailures(this.db, [
      { id: newId(), scope_key: keys.user, created_at: createdAt },
      { id: newId(), scope_key: keys.ip, created_at: createdAt },
    ]);
  }

  /** Forgets the failures counted against these logins (an account that is deleted). */
  async forgetAccounts(ex: Executor, accounts: string[]): Promise<void> {
    for (const account of accounts) await store.deleteFailuresForKey(ex, this.keys(account, '').user);
  }

  /** Forgets failures older than the longest window. */
  async sweep(): Promise<void> {
    await store.deleteFailuresBefore(this.db, iso(addMs(this.clock.now(), -3_600_000)));
  }
}
