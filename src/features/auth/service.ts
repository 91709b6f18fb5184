import type { Db, Executor, UserRow } from '../../db/schema.js';
import type { InteractiveCaller } from '../../http/authenticate.js';
import type { ClientInfo } from '../../http/client-info.js';
import { badRequest, forbidden, unauthorized } from '../../http/problem.js';
import { type Clock, addMs, iso } from '../../lib/clock.js';
import { newId, randomToken, sha256Hex } from '../../lib/secrets.js';
import type { ActivityService } from '../activity/service.js';
import type { SessionService } from '../sessions/service.js';
import { hasSecondFactor } from '../twofactor/status.js';
import type { SecondFactorVerifier } from '../twofactor/verifier.js';
import type { UserService } from '../users/service.js';
import type { LoginThrottle } from './login-throttle.js';
import type { PasswordHasher } from './password-hasher.js';
import * as tickets from './ticket-store.js';

/** Checks the password of a user whose password lives elsewhere (`source: ldap`): the directory. */
export interface ExternalPasswordVerifier {
  /** true/false for right/wrong; throws a Problem (503 directory_unavailable) when it cannot tell */
  verifyPassword(user: UserRow, password: string): Promise<boolean>;
}

export type SignedIn = { status: 'ok'; user: UserRow; session: { token: string; maxAgeSeconds: number } };
export type SecondFactorRequired = {
  status: 'second_factor_required';
  ticket: string;
  methods: ('totp' | 'recovery_code')[];
  expiresAt: string;
};
export type LoginResult = SignedIn | SecondFactorRequired;

/** A login ticket lives 5 minutes and dies at the 5th wrong code. */
export const TICKET_LIFETIME_MS = 5 * 60_000;
export const TICKET_MAX_FAILURES = 5;

const invalidTicket = () => unauthorized('invalid_ticket', 'This sign-in expired or was already completed. Sign in again.');

export interface AuthServiceOptions {
  users: UserService;
  db: Db;
  sessions: SessionService;
  throttle: LoginThrottle;
  activity: ActivityService;
  clock: Clock;
  reauthWindowMs: number;
  secondFactor: SecondFactorVerifier;
  external: ExternalPasswordVerifier;
  hasher: Pick<PasswordHasher, 'verify'>;
}

/**
 * Sign-in by password, then, for users with 2FA on, by a second factor; one generic answer for
 * a wrong username and a wrong password.
 */
export class AuthService {
  private readonly db: Db;
  private readonly sessions: SessionService;
  private readonly throttle: LoginThrottle;
  private readonly activity: ActivityService;
  private readonly clock: Clock;
  private readonly reauthWindowMs: number;
  private readonly secondFactor: SecondFactorVerifier;
  private readonly external: ExternalPasswordVerifier;
  private readonly users: UserService;
  private readonly hasher: Pick<PasswordHasher, 'verify'>;

  constructor(options: AuthServiceOptions) {
    this.users = options.users;
    this.db = options.db;
    this.sessions = options.sessions;
    this.throttle = options.throttle;
    this.activity = options.activity;
    this.clock = options.clock;
    this.reauthWindowMs = options.reauthWindowMs;
    this.secondFactor = options.secondFactor;
    this.external = options.external;
    this.hasher = options.hasher;
  }

  /**
   * Checks the password and answers whether it is right. The attempt is reserved in the login
   * throttle before the hash is checked and kept when it fails (with an activity event); a right
   * password gives it back. Unknown users cost the same time.
   * @throws 429 rate_limited while the user or the IP is throttled, 503 directory_unavailable
   *   for a directory user while the directory cannot be reached, 503 hashing_busy while the
   *   hash pool is full
   */
  async checkPassword(login: string, password: string, client: ClientInfo): Promise<UserRow | null> {
    const user = await this.users.findByLogin(login);
    const attempt = await this.throttle.begin(user ? { userId: user.id } : { unknownLogin: login }, client.ip);
    let ok: boolean;
    try {
      ok = await this.passwordMatches(user, password);
    } catch (error) {
      // the directory or the hash pool could not tell (503): not a wrong password
      await attempt.release();
      throw error;
    }
    if (ok && user) {
      await attempt.release();
      return user;
    }
    if (user) await this.activity.record(this.db, user.id, 'sign_in_failed', client, { reason: 'wrong_password' });
    return null;
  }

  /**
   * Whether `password` is the user's main password, without the throttle: for callers that
   * reserved the attempt themselves. Directory users have no hash here: the directory checks
   * the password (by an LDAP bind).
   * @throws 503 directory_unavailable | hashing_busy
   */
  async passwordMatches(user: UserRow | undefined | null, password: string): Promise<boolean> {
    // an unknown user costs the same time as a known one
    if (!user) return this.hasher.verify(null, password).then(() => false);
    if (user.source === 'ldap') return this.external.verifyPassword(user, password);
    return this.hasher.verify(await this.users.passwordHash(user.id), password);
  }

  /**
   * A right password opens a session, or, when the user has 2FA on, hands out a login ticket
   * for the second step (no session exists before the second factor is right).
   * @throws 401 invalid_credentials, 403 user_disabled (only after a right password), 429 rate_limited
   */
  async login(login: string, password: string, client: ClientInfo): Promise<LoginResult> {
    const user = await this.checkPassword(login, password, client);
    if (!user) throw unauthorized('invalid_credentials', 'The username or password is wrong.');
    if (user.disabled === 1) throw forbidden('user_disabled', 'This account is disabled. Ask an administrator.');
    if (await hasSecondFactor(this.db, user.id)) return this.issueTicket(user);
    const session = await this.db.transaction().execute(async (trx) => {
      const started = await this.sessions.start(trx, user.id, 'password', client);
      await this.activity.record(trx, user.id, 'sign_in_succeeded', client, { method: 'password' });
      return started;
    });
    return { status: 'ok', user, session };
  }

  /** The ticket goes to the client once; only its SHA-256 is stored. */
  private async issueTicket(user: UserRow): Promise<SecondFactorRequired> {
    const ticket = randomToken(32);
    const now = this.clock.now();
    const expiresAt = iso(addMs(now, TICKET_LIFETIME_MS));
    await tickets.insertTicket(this.db, {
      id: newId(),
      token_hash: sha256Hex(ticket),
      user_id: user.id,
      created_at: iso(now),
      expires_at: expiresAt,
    });
    return { status: 'second_factor_required', ticket, methods: ['totp', 'recovery_code'], expiresAt };
  }

  /**
   * The second step of a sign-in: the ticket from `login` and a TOTP or recovery code of the
   * ticket's user. The ticket is used up by success; five wrong codes kill it; failures also
   * count against the user's login throttle.
   * @throws 401 invalid_ticket | invalid_code | code_already_used, 400 malformed_code,
   *   403 user_disabled, 429 rate_limited
   */
  async completeSecondFactor(ticketValue: string, code: string, client: ClientInfo): Promise<SignedIn> {
    const now = iso(this.clock.now());
    // the attempt is counted before the code is checked: at most five codes are ever tried per ticket
    const ticket = await tickets.reserveTicketAttempt(this.db, sha256Hex(ticketValue), now, TICKET_MAX_FAILURES);
    if (!ticket) throw invalidTicket();
    const attempts = Number(ticket.failed_attempts);
    const user = await this.users.findById(ticket.user_id);
    if (!user) throw invalidTicket();
    if (user.disabled === 1) throw forbidden('user_disabled', 'This account is disabled. Ask an administrator.');

    const session = await this.secondFactor.withCode(
      user,
      code,
      client,
      {
        context: 'sign_in',
        recoveryCodes: true,
        failureStatus: 401,
        onFailure: async (trx) => {
          if (attempts >= TICKET_MAX_FAILURES) await tickets.deleteTicketById(trx, ticket.id);
          return { attemptsLeft: Math.max(0, TICKET_MAX_FAILURES - attempts) };
        },
      },
      async (trx, check) => {
        // the code and the ticket are used up together, or neither is
        if (!(await tickets.consumeLiveTicket(trx, ticket.id, user.id, now))) throw invalidTicket();
        const method = check.method === 'totp' ? 'password+totp' : 'password+recovery_code';
        const started = await this.sessions.start(trx, user.id, method, client);
        if (check.method === 'recovery_code') {
          await this.activity.record(trx, user.id, 'recovery_code_used', client, { codesLeft: check.codesLeft, context: 'sign_in' });
        }
        await this.activity.record(trx, user.id, 'sign_in_succeeded', client, { method });
        return started;
      },
    );
    return { status: 'ok', user, session };
  }

  /** Forgets the user's pending sign-ins (their second step), inside `ex`: when their second factor goes. */
  async forgetTickets(ex: Executor, userId: string): Promise<void> {
    await tickets.deleteTicketsByUserId(ex, userId);
  }

  /** Housekeeping: forget tickets past their lifetime. */
  async sweepTickets(): Promise<void> {
    await tickets.deleteTicketsExpiredBefore(this.db, iso(this.clock.now()));
  }

  async logout(sessionToken: string): Promise<void> {
    await this.sessions.endByToken(sessionToken, 'logout');
  }

  /**
   * Sensitive changes need the password in the same request, or a session that signed in or
   * re-authenticated within the window.
   * @throws 403 invalid_password | reauthentication_required
   */
  async assertRecentlyAuthenticated(caller: InteractiveCaller, password: string | undefined, client: ClientInfo): Promise<void> {
    if (password !== undefined) {
      const ok = await this.checkPassword(caller.user.username, password, client);
      if (!ok) throw forbidden('invalid_password', 'The password is wrong.');
      return;
    }
    if (!this.isRecentSignIn(caller.session)) throw forbidden('reauthentication_required', 'Confirm your password to continue.');
  }

  /**
   * The one rule of "signed in recently": an interactive session (API tokens have none: null)
   * that signed in or re-authenticated within the window.
   */
  isRecentSignIn(session: Pick<InteractiveCaller['session'], 'reauthenticatedAt'> | null): boolean {
    if (!session) return false;
    return this.clock.nowMs() - Date.parse(session.reauthenticatedAt) <= this.reauthWindowMs;
  }

  /**
   * Marks the session as recently authenticated after a right password, or a right TOTP code
   * when 2FA is on (the code is used up like at sign-in).
   * @throws 400 invalid_request (neither or both) | malformed_code, 403 invalid_password | invalid_code |
   *   code_already_used, 409 totp_not_enabled, 429 rate_limited
   */
  async reauthenticate(caller: InteractiveCaller, proof: { password?: string; code?: string }, client: ClientInfo): Promise<void> {
    const { user, session } = caller;
    if ((proof.password === undefined) === (proof.code === undefined)) {
      throw badRequest('invalid_request', 'body: send either `password` or `code` (a code from your authenticator app).');
    }
    if (proof.code !== undefined) {
      await this.secondFactor.withCode(
        user,
        proof.code,
        client,
        { context: 'reauthenticate', recoveryCodes: false, failureStatus: 403 },
        (trx) => this.sessions.markReauthenticated(session.id, trx),
      );
      return;
    }
    const ok = await this.checkPassword(user.username, proof.password as string, client);
    if (!ok) throw forbidden('invalid_password', 'The password is wrong.');
    await this.sessions.markReauthenticated(session.id);
  }
}
