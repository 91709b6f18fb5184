import type { Executor } from '../../db/schema.js';
import type { Budgets } from '../budgets/service.js';
import type { Budget, Window } from '../../lib/rate-budget.js';

/**
 * Failure budgets of every credential check (password, app password, second-factor code):
 * per user (or typed login) 10 a minute and 100 an hour, per IP 100 a minute.
 */
const LOGIN_WINDOWS: readonly Window[] = [
  { windowMs: 60_000, max: 10 },
  { windowMs: 3_600_000, max: 100 },
];
const IP_WINDOWS: readonly Window[] = [{ windowMs: 60_000, max: 100 }];
/** Passkey challenges handed out per IP (each sign-in page asks one for autofill): 60 a minute. */
const CHALLENGE_WINDOWS: readonly Window[] = [{ windowMs: 60_000, max: 60 }];

/** Whose budget an attempt spends: a known user's (by id), or the typed login of an unknown one. */
export type ThrottledLogin = { userId: string } | { unknownLogin: string };

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
 * credential is refused. A known user's budget is keyed by the user itself: their username, their
 * email and any case of them share one budget.
 */
export class LoginThrottle {
  private readonly budgets: Budgets;

  constructor(options: LoginThrottleOptions) {
    this.budgets = options.budgets;
  }

  private static loginKey(login: ThrottledLogin): string {
    return 'userId' in login ? `user:${login.userId}` : `login:${login.unknownLogin.trim().normalize('NFKC').toLowerCase().slice(0, 256)}`;
  }

  private static budgetsOf(login: ThrottledLogin, ip: string): Budget[] {
    return [
      { key: LoginThrottle.loginKey(login), windows: LOGIN_WINDOWS },
      { key: `ip:${ip}`, windows: IP_WINDOWS },
    ];
  }

  /** @throws 429 rate_limited with Retry-After while a budget is spent */
  async begin(login: ThrottledLogin, ip: string): Promise<Attempt> {
    const reservation = await this.budgets.take(LoginThrottle.budgetsOf(login, ip));
    return reservation;
  }

  /**
   * Spends one passkey challenge of the IP (kept: a challenge is a row until it expires).
   * @throws 429 rate_limited with Retry-After
   */
  async challenge(ip: string): Promise<void> {
    await this.budgets.take([{ key: `challenge-ip:${ip}`, windows: CHALLENGE_WINDOWS }]);
  }

  /** Forgets the failures counted against a deleted user. */
  async forgetUser(ex: Executor, userId: string): Promise<void> {
    await this.budgets.forget(ex, [LoginThrottle.loginKey({ userId })]);
  }
}
