import type { Executor } from '../../db/schema.js';
import type { Budgets } from '../budgets/service.js';
import type { Budget, Window } from '../../lib/rate-budget.js';

/**
 * Failure budgets of every credential check (password, app password, second-factor code):
 * per account 10 a minute and 100 an hour, per IP 100 a minute.
 */
const ACCOUNT_WINDOWS: readonly Window[] = [
  { windowMs: 60_000, max: 10 },
  { windowMs: 3_600_000, max: 100 },
];
const IP_WINDOWS: readonly Window[] = [{ windowMs: 60_000, max: 100 }];

/** Whose budget an attempt spends: a known user's (by id), or the typed login of an unknown one. */
export type ThrottledAccount = { userId: string } | { unknownLogin: string };

/**
 * An attempt that reserved its place in the budgets. A wrong credential keeps it; `release`
 * gives it back when the credential was right or could not be checked (a directory outage).
 */
export interface Attempt {
  release(): Promise<void>;
}

export interface LoginThrottleOptions {
  budgets: Budgets;
}

/**
 * The sign-in throttle. An attempt is reserved before the credential is checked (see Budgets),
 * so a burst of any size evaluates at most the budget, and while it is spent even the right
 * credential is refused. The account's budget is keyed by the account itself: its username, its
 * email and any case of them share one budget.
 */
export class LoginThrottle {
  private readonly budgets: Budgets;

  constructor(options: LoginThrottleOptions) {
    this.budgets = options.budgets;
  }

  private static accountKey(account: ThrottledAccount): string {
    return 'userId' in account ? `user:${account.userId}` : `login:${account.unknownLogin.trim().normalize('NFKC').toLowerCase().slice(0, 256)}`;
  }

  private static budgetsOf(account: ThrottledAccount, ip: string): Budget[] {
    return [
      { key: LoginThrottle.accountKey(account), windows: ACCOUNT_WINDOWS },
      { key: `ip:${ip}`, windows: IP_WINDOWS },
    ];
  }

  /** @throws 429 rate_limited with Retry-After while a budget is spent */
  async begin(account: ThrottledAccount, ip: string): Promise<Attempt> {
    const reservation = await this.budgets.take(LoginThrottle.budgetsOf(account, ip));
    return reservation;
  }

  /** Forgets the failures counted against a deleted account. */
  async forgetUser(ex: Executor, userId: string): Promise<void> {
    await this.budgets.forget(ex, [LoginThrottle.accountKey({ userId })]);
  }
}
