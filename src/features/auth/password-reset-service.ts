import type { Transaction } from 'kysely';
import type { Database, Db, Executor, MailLinkRow, UserRow } from '../../db/schema.js';
import type { SecondFactorVerifier } from '../twofactor/verifier.js';
import type { ClientInfo } from '../../http/client-info.js';
import { Problem, atField, forbidden, unprocessable } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { MailPermit, MailService } from '../../mail/service.js';
import { countFailedAttempt, consumeByIdAndUserId, revokeLiveByUserId } from '../../mail/link-store.js';
import { findLiveMailLink, issueMailLink, linkInvalid, maskAddress } from '../../mail/links.js';
import type { ActivityService } from '../activity/service.js';
import type { SessionService } from '../sessions/service.js';
import { hasTotp } from '../twofactor/status.js';
import type { UserService } from '../users/service.js';
import { assertPasswordAcceptable } from './password-policy.js';
import type { Budgets } from '../budgets/service.js';

export const RESET_LINK_TTL_MS = 30 * 60_000;
/** A reset link dies at the 5th wrong second-factor code. */
export const RESET_MAX_CODE_FAILURES = 5;
/** Reset requests per IP address and hour (more get 429: that says nothing about any user). */
const REQUESTS_PER_IP_PER_HOUR = 30;
const HOUR_MS = 3_600_000;

/**
 * What a password reset needs from the two-factor feature for users with 2FA on: check `code`
 * (TOTP or recovery code), use it up in the same transaction as `work`, and throw a Problem for
 * a wrong, replayed or malformed code after running `onFailure` (which counts the attempt
 * against the reset link). See docs/auth.md for how the two-factor branch plugs in.
 */
/** The second factor a reset asks of 2FA users, over the two-factor feature's verifier. */
export function resetSecondFactorFrom(verifier: SecondFactorVerifier): ResetSecondFactor {
  return {
    withCode: (user, code, client, onFailure, work) =>
      verifier.withCode(user, code, client, { context: 'password_reset', recoveryCodes: true, failureStatus: 403, onFailure }, (trx, check) =>
        work(trx, check.method),
      ),
  };
}

export interface ResetSecondFactor {
  withCode<T>(
    user: UserRow,
    code: string,
    client: ClientInfo,
    onFailure: (trx: Transaction<Database>) => Promise<Record<string, unknown>>,
    work: (trx: Transaction<Database>, method: 'totp' | 'recovery_code') => Promise<T>,
  ): Promise<T>;
}

/**
 * Where reset links go: the recovery address, else the primary. `recovery_email` only ever holds
 * a confirmed address; a new one waits as a `recovery_email_confirm` link until it is opened.
 */
export function resetAddressOf(user: UserRow): string {
  return user.recovery_email ?? user.email;
}

/** What a reset link is about, for its page (PasswordResetService.inspect). */
export interface ResetInspection {
  username: string;
  /** where reset mail goes now, masked */
  maskedEmail: string;
  /** a TOTP or recovery code will be asked */
  twoFactor: boolean;
  expiresAt: string;
}

/** A feature whose credentials a clean slate revokes, all of one user's at once, inside a transaction. */
export interface RevokesAll {
  revokeAllForUser(trx: Transaction<Database>, userId: string, client: ClientInfo, reason: string): Promise<number>;
}

export interface PasswordResetServiceOptions {
  users: UserService;
  db: Db;
  clock: Clock;
  budgets: Budgets;
  mail: MailService;
  sessions: SessionService;
  activity: ActivityService;
  origin: string;
  log: Logger;
  /** checks the code of 2FA users (the two-factor feature's verifier, see resetSecondFactorFrom) */
  secondFactor: ResetSecondFactor;
  /** the admin's minimum password length (settings) */
  policy: { passwordMinLength(): Promise<number> };
  /** what a clean slate revokes (`revokeCredentials`) */
  credentials: { tokens: RevokesAll; appPasswords: RevokesAll };
}

/**
 * "Forgot my password": a single-use link by mail, then a new password.
 *
 * Rules:
 * 1. the request is answered 202 with the same body whether or not the user exists; the
 *    lookup and the mail happen after the answer, so the time does not tell either;
 * 2. the mail goes to the recovery address, or the primary when none is set, in the user's
 *    language; only active local users get one (directory users change it in the directory);
 *    the mail budgets (src/mail/budgets.ts) apply: past them a request is answered the same
 *    and sends nothing;
 * 3. the link carries 256 random bits, is stored as SHA-256, lives 30 minutes, works once and
 *    dies when a newer one is issued (or the password changes);
 * 4. confirming applies the password policy, demands a second factor when 2FA is on (a reset
 *    never bypasses 2FA), ends every session, kills every pending mailed link (reset and
 *    address confirmations: whoever knew the old password may have asked for them), with
 *    `revokeCredentials` revokes every API token and app password, and mails a "password
 *    changed" notice.
 */
export class PasswordResetService {
  private readonly pending = new Set<Promise<void>>();

  private readonly db: Db;
  private readonly clock: Clock;
  private readonly budgets: Budgets;
  private readonly mail: MailService;
  private readonly sessions: SessionService;
  private readonly activity: ActivityService;
  private readonly origin: string;
  private readonly log: Logger;
  private readonly secondFactor: ResetSecondFactor;
  private readonly policy: { passwordMinLength(): Promise<number> };
  private readonly credentials: { tokens: RevokesAll; appPasswords: RevokesAll };
  private readonly users: UserService;

  constructor(options: PasswordResetServiceOptions) {
    this.users = options.users;
    this.db = options.db;
    this.clock = options.clock;
    this.budgets = options.budgets;
    this.mail = options.mail;
    this.sessions = options.sessions;
    this.activity = options.activity;
    this.origin = options.origin;
    this.log = options.log;
    this.secondFactor = options.secondFactor;
    this.policy = options.policy;
    this.credentials = options.credentials;
  }

  /**
   * Accepts a reset request for a username or email address. Throttled per IP (429); everything
   * about the user happens in the background.
   * @throws 429 rate_limited
   */
  async request(login: string, client: ClientInfo): Promise<void> {
    await this.budgets.take([{ key: `reset-ip:${client.ip}`, windows: [{ windowMs: HOUR_MS, max: REQUESTS_PER_IP_PER_HOUR }] }]);
    const task = this.issue(login.trim(), client).catch((error: unknown) =>
      this.log.error({ err: error }, 'password reset request failed'),
    );
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  /** Resolves when every accepted request has been handled (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async issue(login: string, client: ClientInfo): Promise<void> {
    if (login === '') return;
    const user = await this.users.findByLogin(login);
    if (!user || user.disabled === 1 || user.source !== 'local') return;
    const permit = await this.reserveMail(user);
    if (!permit) return;
    const issued = await this.db.transaction().execute(async (trx) => {
      // the user's row lock makes replacing the older links and issuing the new one one step
      if (!(await this.users.lockRow(trx, user.id))) return false;
      await this.issueLink(trx, user, permit);
      await this.activity.record(trx, user.id, 'password_reset_requested', client);
      return true;
    });
    if (issued) this.mail.kick();
  }

  /** The reset mail's place in the budgets of `to` (the user's reset address), or null when they are spent. */
  async reserveMail(user: UserRow, to = resetAddressOf(user)): Promise<MailPermit<'password_reset'> | null> {
    try {
      return await this.mail.reserve(user.id, to, 'password_reset');
    } catch (error) {
      if (error instanceof Problem && error.status === 429) return null;
      throw error;
    }
  }

  /**
   * A new reset link (the older ones die) and its mail to the reset address, inside `trx`, which
   * holds the user's row lock (kick the mail after commit).
   */
  async issueLink(trx: Executor, user: UserRow, permit: MailPermit<'password_reset'>): Promise<void> {
    const secret = await issueMailLink(trx, {
      userId: user.id,
      purpose: 'password_reset',
      email: null,
      now: this.clock.now(),
      ttlMs: RESET_LINK_TTL_MS,
      replace: true,
    });
    await this.mail.enqueueLink(trx, user, permit, { link: `${this.origin}/reset?token=${secret}`, minutes: RESET_LINK_TTL_MS / 60_000 });
  }

  /**
   * Sets the new password from a reset link; with `revokeCredentials`, every API token and app
   * password of the user dies in the same transaction (a clean slate).
   * @throws 400 token_invalid, 403 managed_by_directory | user_disabled, 422 password policy codes |
   *   second_factor_required, and the second factor's own refusals, 503 hashing_busy
   */
  async confirm(input: { token: string; newPassword: string; code?: string; revokeCredentials?: boolean }, client: ClientInfo): Promise<void> {
    const now = this.clock.now();
    const { link, user } = await this.usableLink(input.token, now);
    const minLength = await this.policy.passwordMinLength();
    atField('newPassword', () => assertPasswordAcceptable(input.newPassword, { username: user.username, email: user.email, minLength }));
    const passwordHash = await this.users.hashPassword(input.newPassword);

    const apply = async (trx: Transaction<Database>, secondFactor: 'totp' | 'recovery_code' | null) => {
      // the user's row first, as a password change and a lockdown take it
      await this.users.lockRow(trx, user.id);
      if (!(await consumeByIdAndUserId(trx, link.id, user.id, iso(now)))) throw linkInvalid();
      // pending address changes die with the old password: whoever knew it may have asked for them;
      // an invitation dies once there is a password
      await revokeLiveByUserId(trx, user.id, ['password_reset', 'email_confirm', 'recovery_email_confirm', 'invitation'], iso(now));
      await this.users.setPasswordHash(trx, user.id, passwordHash);
      // the reset a lockdown asked for: signing in works again
      await this.users.clearPasswordResetRequired(trx, user.id);
      await this.sessions.endAllForUser(trx, user.id, 'password_reset');
      const revoked = input.revokeCredentials === true ? await this.revokeCredentials(trx, user.id, client) : null;
      await this.activity.record(trx, user.id, 'password_reset_completed', client, {
        ...(secondFactor ? { secondFactor } : {}),
        ...(revoked ? { revokedTokens: revoked.tokens, revokedAppPasswords: revoked.appPasswords } : {}),
      });
      await this.mail.enqueueNotice(trx, user, 'password_changed', {}, client);
    };

    if (!(await hasTotp(this.db, user.id))) {
      await this.db.transaction().execute((trx) => apply(trx, null));
    } else {
      await this.withSecondFactor(user, link, input.code, client, apply);
    }
    this.mail.kick();
  }

  /**
   * What the reset page shows before anything is typed: whose password the link sets, where it
   * was mailed (masked) and whether a code will be asked. Reads only: the link stays as it was.
   * @throws what confirm throws for the link: 400 token_invalid, 403 managed_by_directory | user_disabled
   */
  async inspect(token: string): Promise<ResetInspection> {
    const { link, user } = await this.usableLink(token, this.clock.now());
    return {
      username: user.username,
      maskedEmail: maskAddress(resetAddressOf(user)),
      twoFactor: await hasTotp(this.db, user.id),
      expiresAt: link.expires_at,
    };
  }

  /** The one rule of which reset link can set a password, for confirm and inspect alike. */
  private async usableLink(token: string, now: Date): Promise<{ link: MailLinkRow; user: UserRow }> {
    const link = await findLiveMailLink(this.db, token, 'password_reset', now);
    if (!link) throw linkInvalid();
    const user = await this.users.findById(link.user_id);
    if (!user) throw linkInvalid();
    if (user.source !== 'local') throw forbidden('managed_by_directory', 'Your password is managed by the directory.');
    if (user.disabled === 1) throw forbidden('user_disabled', 'This account is disabled. Ask an administrator.');
    return { link, user };
  }

  /** Revokes every API token and app password of the user in `trx`, each in their activity as its own revocation. */
  private async revokeCredentials(trx: Transaction<Database>, userId: string, client: ClientInfo): Promise<{ tokens: number; appPasswords: number }> {
    return {
      tokens: await this.credentials.tokens.revokeAllForUser(trx, userId, client, 'password_reset'),
      appPasswords: await this.credentials.appPasswords.revokeAllForUser(trx, userId, client, 'password_reset'),
    };
  }

  /** The second-factor step of a reset; the code and the link are used up together with the change. */
  private async withSecondFactor(
    user: UserRow,
    link: MailLinkRow,
    code: string | undefined,
    client: ClientInfo,
    apply: (trx: Transaction<Database>, method: 'totp' | 'recovery_code') => Promise<void>,
  ): Promise<void> {
    if (code === undefined || code.trim() === '') {
      throw unprocessable('second_factor_required', 'Two-factor authentication is on: enter a code from your authenticator app or a recovery code.', {
        methods: ['totp', 'recovery_code'],
      }).forField('code');
    }
    await this.secondFactor.withCode(
      user,
      code.trim(),
      client,
      async (trx) => {
        const failures = await countFailedAttempt(trx, link.id);
        if (failures >= RESET_MAX_CODE_FAILURES) await revokeLiveByUserId(trx, user.id, ['password_reset'], iso(this.clock.now()));
        return { attemptsLeft: Math.max(0, RESET_MAX_CODE_FAILURES - failures) };
      },
      apply,
    );
  }
}
