import type { Transaction } from 'kysely';
import type { Database, Db, Executor } from '../../db/schema.js';
import type { ClientInfo } from '../../http/client-info.js';
import { Problem, badRequest, conflict } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import { constantTimeEqual } from '../../lib/secrets.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { ActivityService } from '../activity/service.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import { hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes.js';
import * as store from './store.js';
import { matchingSteps, normalizeTotpInput } from './totp.js';

export type SecondFactorSuccess =
  | { ok: true; method: 'totp'; step: number }
  | { ok: true; method: 'recovery_code'; codesLeft: number };

export type SecondFactorFailure = { ok: false; reason: 'not_enrolled' | 'malformed' | 'wrong_code' | 'replayed' };

export type SecondFactorCheck = SecondFactorSuccess | SecondFactorFailure;

export interface CodeOptions {
  /** where the code is asked, for the activity event */
  context: 'sign_in' | 'reauthenticate' | 'delete_account' | 'password_reset';
  /** whether a recovery code may stand in for a TOTP code */
  recoveryCodes: boolean;
  /** status of a wrong or replayed code: 401 while signing in, 403 for a signed-in user */
  failureStatus: 401 | 403;
  /** runs in the failure's transaction (e.g. counts the attempt on a login ticket); its result joins the problem */
  onFailure?: (trx: Transaction<Database>) => Promise<Record<string, unknown>>;
}

export interface SecondFactorVerifierOptions {
  db: Db;
  clock: Clock;
  secretBox: SecretBox;
  throttle: LoginThrottle;
  activity: ActivityService;
}

/**
 * Checks second-factor codes of users who have 2FA on, and uses them up.
 *
 * Rules, in order:
 * 1. the login throttle of the user applies (a code is a credential like a password): the
 *    attempt is reserved before the code is checked, and kept only when the code is wrong;
 * 2. six digits are a TOTP code: accepted for the current 30 s step or one either side, and
 *    only for a step later than the last one accepted (a code works once, per user);
 * 3. otherwise, where allowed, a recovery code: compared in constant time against the user's
 *    unused ones, then marked used with a conditional update (works once);
 * 4. the acceptance is written in the caller's transaction, together with what it unlocks, so
 *    two requests racing with one code succeed exactly once;
 * 5. a wrong or replayed code is recorded (activity + throttle) and refused.
 */
export class SecondFactorVerifier {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly secretBox: SecretBox;
  private readonly throttle: LoginThrottle;
  private readonly activity: ActivityService;

  constructor(options: SecondFactorVerifierOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.secretBox = options.secretBox;
    this.throttle = options.throttle;
    this.activity = options.activity;
  }

  /** Checks `code` and, when right, consumes it inside `ex` (which should be a transaction). */
  async consume(ex: Executor, userId: string, code: string, options: { recoveryCodes: boolean }): Promise<SecondFactorCheck> {
    const credential = await store.findTotpByUserId(ex, userId);
    if (!credential || credential.confirmed_at === null) return { ok: false, reason: 'not_enrolled' };

    if (normalizeTotpInput(code) !== null) {
      const secret = this.secretBox.open(credential.secret_ciphertext);
      const steps = matchingSteps(secret, code, this.clock.now().getTime());
      if (steps.length === 0) return { ok: false, reason: 'wrong_code' };
      const fresh = steps.find((step) => step > credential.last_used_step);
      if (fresh === undefined) return { ok: false, reason: 'replayed' };
      if (!(await store.advanceTotpStep(ex, userId, fresh))) return { ok: false, reason: 'replayed' };
      return { ok: true, method: 'totp', step: fresh };
    }

    if (!options.recoveryCodes) return { ok: false, reason: 'malformed' };
    const normalized = normalizeRecoveryCode(code);
    if (normalized === null) return { ok: false, reason: 'malformed' };
    const candidate = hashRecoveryCode(normalized);
    let matchId: string | null = null;
    for (const row of await store.listUnusedRecoveryCodesByUserId(ex, userId)) {
      // no early exit: every stored code is compared
      if (constantTimeEqual(row.code_hash, candidate)) matchId = row.id;
    }
    if (matchId === null) return { ok: false, reason: 'wrong_code' };
    if (!(await store.markRecoveryCodeUsed(ex, matchId, userId, iso(this.clock.now())))) return { ok: false, reason: 'replayed' };
    return { ok: true, method: 'recovery_code', codesLeft: await store.countUnusedRecoveryCodesByUserId(ex, userId) };
  }

  /**
   * Runs `work` in one transaction with the acceptance of the code; on a bad code records the
   * failure and throws.
   * @throws 429 rate_limited, 409 totp_not_enabled, 400 malformed_code,
   *   401/403 invalid_code | code_already_used (per options.failureStatus); these name the field
   *   `code`, which is what every request that carries a code calls it
   */
  async withCode<T>(
    user: { id: string; username: string },
    code: string,
    client: ClientInfo,
    options: CodeOptions,
    work: (trx: Transaction<Database>, check: SecondFactorSuccess) => Promise<T>,
  ): Promise<T> {
    const attempt = await this.throttle.begin({ userId: user.id }, client.ip);
    let outcome: { ok: true; value: T } | SecondFactorFailure;
    try {
      outcome = await this.db.transaction().execute(async (trx): Promise<{ ok: true; value: T } | SecondFactorFailure> => {
        const check = await this.consume(trx, user.id, code, options);
        return check.ok ? { ok: true, value: await work(trx, check) } : check;
      });
    } catch (error) {
      // the work refused (and rolled back) after a right code: no guess was spent
      await attempt.release();
      throw error;
    }
    const { reason } = outcome.ok ? { reason: null } : outcome;
    // only a wrong or replayed code spends the budget
    if (reason !== 'wrong_code' && reason !== 'replayed') await attempt.release();
    if (outcome.ok) return outcome.value;

    if (reason === 'not_enrolled') throw conflict('totp_not_enabled', 'Two-factor authentication is not on for this account.');
    if (reason === 'malformed') {
      throw badRequest(
        'malformed_code',
        options.recoveryCodes
          ? 'Enter the 6-digit code from your authenticator app or one of your recovery codes.'
          : 'Enter the 6-digit code from your authenticator app.',
      ).forField('code');
    }
    const extra = await this.db.transaction().execute(async (trx) => {
      const more = options.onFailure ? await options.onFailure(trx) : {};
      await this.activity.record(trx, user.id, 'second_factor_failed', client, { reason, context: options.context });
      return more;
    });
    if (reason === 'replayed') {
      throw new Problem(options.failureStatus, 'code_already_used', 'This code was already used. Wait for the next one.', extra).forField('code');
    }
    throw new Problem(options.failureStatus, 'invalid_code', 'The code is wrong.', extra).forField('code');
  }
}
