import type { Transaction } from 'kysely';
import type { Database, Db, Executor, LoginTicketPurpose, UserRow } from '../../db/schema.js';
import type { InteractiveCaller } from '../../http/authenticate.js';
import type { ClientInfo } from '../../http/client-info.js';
import { Problem, atField, badRequest, conflict, forbidden, unauthorized, unprocessable } from '../../http/problem.js';
import { type Clock, addMs, iso } from '../../lib/clock.js';
import { newId, randomToken, sha256Hex } from '../../lib/secrets.js';
import { revokeLiveByUserId } from '../../mail/link-store.js';
import type { MailService } from '../../mail/service.js';
import type { ActivityService } from '../activity/service.js';
import type { SessionService, SignInMethod } from '../sessions/service.js';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { noPasskeys, passkeyChallengeExpired } from '../passkeys/refusals.js';
import type { AuthenticationResponseBody } from '../passkeys/schemas.js';
import type { AssertionResult, PasskeyVerifier } from '../passkeys/verifier.js';
import { type SecondFactorMethod, secondFactorMethods } from '../twofactor/status.js';
import type { SecondFactorVerifier } from '../twofactor/verifier.js';
import type { PasswordPolicySource, UserService } from '../users/service.js';
import type { LoginThrottle } from './login-throttle.js';
import type { PasswordHasher } from './password-hasher.js';
import { assertPasswordAcceptable } from './password-policy.js';
import * as tickets from './ticket-store.js';

/** Checks the password of a user whose password lives elsewhere (`source: ldap`): the directory. */
export interface ExternalPasswordVerifier {
  /** true/false for right/wrong; throws a Problem (503 directory_unavailable) when it cannot tell */
  verifyPassword(user: UserRow, password: string): Promise<boolean>;
  /** whether a passkey kept here may sign this (directory) user in without a password */
  allowsLocalSignIn(user: Pick<UserRow, 'id' | 'source'>): Promise<boolean>;
}

export type SignedIn = { status: 'ok'; user: UserRow; session: { token: string; maxAgeSeconds: number } };
export type SecondFactorRequired = {
  status: 'second_factor_required';
  ticket: string;
  methods: SecondFactorMethod[];
  expiresAt: string;
};
/** The password was temporary (set by an administrator): a new one first, then the session. */
export type PasswordChangeRequired = {
  status: 'password_change_required';
  ticket: string;
  expiresAt: string;
};
export type LoginResult = SignedIn | SecondFactorRequired | PasswordChangeRequired;
/** What the second step leads to: the session, or (a temporary password) the password change. */
export type SecondFactorResult = SignedIn | PasswordChangeRequired;

/** A login ticket lives 5 minutes and dies at the 5th wrong code. */
export const TICKET_LIFETIME_MS = 5 * 60_000;
export const TICKET_MAX_FAILURES = 5;

const invalidTicket = () => unauthorized('invalid_ticket', 'This sign-in expired or was already completed. Sign in again.');
const invalidCredentials = (extra: Record<string, unknown> = {}) =>
  new Problem(401, 'invalid_credentials', 'The username or password is wrong.', extra);
const userDisabled = () => forbidden('user_disabled', 'This account is disabled. Ask an administrator.');

/**
 * Whether a user whose password, passkey or second factor was right may have a session now: not
 * while disabled, nor after a lockdown until a password reset through the mailed link.
 * @throws 403 user_disabled | password_reset_required
 */
export function assertMaySignIn(user: UserRow): void {
  if (user.disabled === 1) throw userDisabled();
  if (user.password_reset_required === 1) {
    throw forbidden('password_reset_required', 'This account was locked. Reset your password with the link mailed to your recovery address, or ask for a new one.');
  }
}

/** A second step answered with a code, or with a passkey (exactly one of them). */
export interface SecondFactorProof {
  code?: string;
  passkey?: AuthenticationResponseBody;
}

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
  passkeys: PasskeyVerifier;
  /** the admin's minimum password length (the instance settings), for the new password after a temporary one */
  policy: PasswordPolicySource;
  /** the "password changed" notice after a temporary password is replaced */
  mail: Pick<MailService, 'enqueueNotice' | 'kick'>;
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
  private readonly passkeys: PasskeyVerifier;
  private readonly policy: PasswordPolicySource;
  private readonly mail: Pick<MailService, 'enqueueNotice' | 'kick'>;

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
    this.passkeys = options.passkeys;
    this.policy = options.policy;
    this.mail = options.mail;
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
   * for the second step (no session exists before the second factor is right). A temporary
   * password (set by an administrator) leads to the password change instead of a session,
   * after the second step when 2FA is on (a required action after authentication, as in
   * Keycloak).
   * @throws 401 invalid_credentials, 403 user_disabled (only after a right password), 429 rate_limited
   */
  async login(login: string, password: string, client: ClientInfo): Promise<LoginResult> {
    const user = await this.checkPassword(login, password, client);
    if (!user) throw invalidCredentials();
    assertMaySignIn(user);
    const methods = await secondFactorMethods(this.db, user.id);
    if (methods.length > 0) return this.issueTicket(user, methods);
    if (user.must_change_password === 1) return this.issuePasswordChangeTicket(this.db, user, 'password');
    const session = await this.db.transaction().execute(async (trx) => {
      const started = await this.sessions.start(trx, user.id, 'password', client);
      await this.activity.record(trx, user.id, 'sign_in_succeeded', client, { method: 'password' });
      return started;
    });
    return { status: 'ok', user, session };
  }

  /** The ticket goes to the client once; only its SHA-256 is stored. */
  private async issueTicket(user: UserRow, methods: SecondFactorMethod[]): Promise<SecondFactorRequired> {
    const { ticket, expiresAt } = await this.insertTicket(this.db, user.id, 'second_factor', null);
    return { status: 'second_factor_required', ticket, methods, expiresAt };
  }

  /**
   * The ticket of the password change after a temporary password, inside `ex` (the second step's
   * transaction, which uses its own ticket up). It remembers how the sign-in proved itself, for
   * the session it opens.
   */
  private async issuePasswordChangeTicket(ex: Executor, user: UserRow, method: SignInMethod): Promise<PasswordChangeRequired> {
    const { ticket, expiresAt } = await this.insertTicket(ex, user.id, 'password_change', method);
    return { status: 'password_change_required', ticket, expiresAt };
  }

  private async insertTicket(ex: Executor, userId: string, purpose: LoginTicketPurpose, method: SignInMethod | null) {
    const ticket = randomToken(32);
    const now = this.clock.now();
    const expiresAt = iso(addMs(now, TICKET_LIFETIME_MS));
    await tickets.insertTicket(ex, {
      id: newId(),
      token_hash: sha256Hex(ticket),
      user_id: userId,
      created_at: iso(now),
      expires_at: expiresAt,
      purpose,
      sign_in_method: method,
    });
    return { ticket, expiresAt };
  }

  /**
   * A challenge for a passwordless sign-in: no user is named, so any passkey of this site may
   * answer it (also through the browser's autofill).
   * @throws 429 rate_limited (per IP)
   */
  async passkeySignInOptions(client: ClientInfo): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
    await this.throttle.challenge(client.ip);
    return this.passkeys.assertionOptions('sign_in', { userId: null, binding: null });
  }

  /**
   * A passwordless sign-in: a user-verified passkey is the whole sign-in. Refused like a
   * password login: an unknown (deleted) passkey, a bad answer, a directory user the directory
   * does not vouch for now (see allowsLocalSignIn) → 401 invalid_credentials; a disabled user →
   * 403 user_disabled.
   * @throws 400 passkey_challenge_expired, 401 invalid_credentials, 403 user_disabled, 429 rate_limited
   */
  async signInWithPasskey(challengeId: string, body: AuthenticationResponseBody, client: ClientInfo): Promise<SignedIn> {
    const result = await this.passkeys.verify(body, 'sign_in', { userId: null, binding: null }, client, challengeId);
    if (!result.ok) {
      if (result.reason === 'challenge') throw passkeyChallengeExpired();
      if (result.reason === 'unknown_credential') throw invalidCredentials({ unknownCredential: true, credentialId: result.credentialId });
      if (result.userId) {
        await this.activity.record(this.db, result.userId, 'sign_in_failed', client, { reason: AuthService.passkeyFailureReason(result) });
      }
      throw invalidCredentials();
    }
    const user = await this.users.findById(result.passkey.user_id);
    if (!user || !(await this.external.allowsLocalSignIn(user))) throw invalidCredentials();
    assertMaySignIn(user);
    const session = await this.db.transaction().execute(async (trx) => {
      if (!(await this.passkeys.recordUse(trx, result))) throw invalidCredentials();
      const started = await this.sessions.start(trx, user.id, 'passkey', client, { passkeyId: result.passkey.id });
      await this.activity.record(trx, user.id, 'sign_in_succeeded', client, { method: 'passkey', passkeyId: result.passkey.id });
      return started;
    });
    return { status: 'ok', user, session };
  }

  /**
   * A challenge for the second step of a sign-in, answered by one of the ticket's user's passkeys.
   * @throws 401 invalid_ticket, 409 no_passkeys, 429 rate_limited
   */
  async secondFactorPasskeyOptions(ticketValue: string, client: ClientInfo): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const ticket = await tickets.findLiveTicket(this.db, sha256Hex(ticketValue), 'second_factor', iso(this.clock.now()), TICKET_MAX_FAILURES);
    if (!ticket) throw invalidTicket();
    if (!(await this.passkeys.hasPasskeys(this.db, ticket.user_id))) throw noPasskeys();
    await this.throttle.challenge(client.ip);
    const { options } = await this.passkeys.assertionOptions('second_factor', { userId: ticket.user_id, binding: ticket.id });
    return options;
  }

  /** Why a passkey answer was refused, as the activity records it. */
  private static passkeyFailureReason(result: Extract<AssertionResult, { ok: false }>): string {
    return result.reason === 'other_user' ? 'passkey_of_another_user' : 'passkey_rejected';
  }

  /**
   * The second step of a sign-in: the ticket from `login` and a TOTP or recovery code, or a
   * passkey, of the ticket's user. The ticket is used up by success; five wrong answers kill it;
   * failures also count against the user's login throttle. A user with a temporary password
   * gets the password-change ticket instead of a session (in the transaction that uses the
   * answer up).
   * @throws 401 invalid_ticket | invalid_code | code_already_used | passkey_rejected,
   *   400 malformed_code | passkey_challenge_expired | invalid_request, 403 user_disabled,
   *   409 no_passkeys | totp_not_enabled (a method the user does not have; no attempt spent), 429 rate_limited
   */
  async completeSecondFactor(ticketValue: string, proof: SecondFactorProof, client: ClientInfo): Promise<SecondFactorResult> {
    if ((proof.code === undefined) === (proof.passkey === undefined)) {
      throw badRequest('invalid_request', 'body: send either `code` (TOTP or recovery code) or `passkey`.');
    }
    const now = iso(this.clock.now());
    const ticketHash = sha256Hex(ticketValue);
    // a method the user does not have is refused before an attempt is spent
    const live = await tickets.findLiveTicket(this.db, ticketHash, 'second_factor', now, TICKET_MAX_FAILURES);
    if (!live) throw invalidTicket();
    const methods = await secondFactorMethods(this.db, live.user_id);
    if (proof.passkey !== undefined && !methods.includes('passkey')) throw noPasskeys();
    if (proof.code !== undefined && !methods.includes('totp')) throw conflict('totp_not_enabled', 'Two-factor authentication by code is not on for this account.');
    // the attempt is counted before the answer is checked: at most five are ever tried per ticket
    const ticket = await tickets.reserveTicketAttempt(this.db, ticketHash, 'second_factor', now, TICKET_MAX_FAILURES);
    if (!ticket) throw invalidTicket();
    const attempts = Number(ticket.failed_attempts);
    const user = await this.users.findById(ticket.user_id);
    if (!user) throw invalidTicket();
    assertMaySignIn(user);
    const onFailure = async (trx: Executor) => {
      if (attempts >= TICKET_MAX_FAILURES) await tickets.deleteTicketById(trx, ticket.id);
      return { attemptsLeft: Math.max(0, TICKET_MAX_FAILURES - attempts) };
    };
    const open = async (trx: Transaction<Database>, method: SignInMethod, passkeyId?: string): Promise<SecondFactorResult> => {
      // the answer and the ticket are used up together, or neither is
      if (!(await tickets.consumeLiveTicket(trx, ticket.id, user.id, 'second_factor', now))) throw invalidTicket();
      // a temporary password: the new password comes next (the session's method is kept for it)
      if (user.must_change_password === 1) return this.issuePasswordChangeTicket(trx, user, method);
      const started = await this.sessions.start(trx, user.id, method, client, passkeyId ? { passkeyId } : {});
      await this.activity.record(trx, user.id, 'sign_in_succeeded', client, { method, ...(passkeyId ? { passkeyId } : {}) });
      return { status: 'ok', user, session: started };
    };

    if (proof.passkey !== undefined) {
      const result = await this.passkeys.verify(proof.passkey, 'second_factor', { userId: user.id, binding: ticket.id }, client);
      if (!result.ok) {
        const extra = await this.db.transaction().execute(async (trx) => {
          const more = await onFailure(trx);
          await this.activity.record(trx, user.id, 'second_factor_failed', client, {
            reason: result.reason === 'challenge' ? 'challenge_expired' : AuthService.passkeyFailureReason(result),
            context: 'sign_in',
            method: 'passkey',
          });
          return more;
        });
        if (result.reason === 'challenge') throw passkeyChallengeExpired();
        throw new Problem(401, 'passkey_rejected', 'The passkey could not be verified.', extra);
      }
      return this.db.transaction().execute(async (trx) => {
        if (!(await this.passkeys.recordUse(trx, result))) throw new Problem(401, 'passkey_rejected', 'The passkey could not be verified.');
        return open(trx, 'password+passkey', result.passkey.id);
      });
    }

    return this.secondFactor.withCode(
      user,
      proof.code as string,
      client,
      { context: 'sign_in', recoveryCodes: true, failureStatus: 401, onFailure },
      async (trx, check) => {
        if (check.method === 'recovery_code') {
          await this.activity.record(trx, user.id, 'recovery_code_used', client, { codesLeft: check.codesLeft, context: 'sign_in' });
        }
        return open(trx, check.method === 'totp' ? 'password+totp' : 'password+recovery_code');
      },
    );
  }

  /**
   * The last step of a sign-in with a temporary password: the password-change ticket (from the
   * password step, or from the second step when 2FA is on) and the new password. In order:
   * 1. the ticket is live and of this kind (a second-step ticket is refused: 401 invalid_ticket);
   * 2. the password policy (no attempt spent);
   * 3. one of the ticket's 5 attempts is reserved (a conditional update), so the hashing below
   *    is bounded per ticket;
   * 4. the new password differs from the temporary one (422 password_unchanged);
   * 5. one transaction, the user's row first: the ticket is used up (a conditional delete: of
   *    two racing requests one wins), the user must still have a temporary password (a reset
   *    meanwhile kills the ticket), the new hash clears the flag, pending reset and address
   *    links die, the user's other sessions end, `temporary_password_changed` and
   *    `sign_in_succeeded` are recorded, the session opens with the method the sign-in proved,
   *    and the "password changed" notice is queued.
   * @throws 401 invalid_ticket, 403 user_disabled | password_reset_required, 422 password policy
   *   codes | password_unchanged, 503 hashing_busy
   */
  async completePasswordChange(ticketValue: string, newPassword: string, client: ClientInfo): Promise<SignedIn> {
    const now = iso(this.clock.now());
    const ticketHash = sha256Hex(ticketValue);
    const live = await tickets.findLiveTicket(this.db, ticketHash, 'password_change', now, TICKET_MAX_FAILURES);
    if (!live) throw invalidTicket();
    const user = await this.users.findById(live.user_id);
    if (!user || user.must_change_password !== 1) throw invalidTicket();
    assertMaySignIn(user);
    const { passwordPolicy } = await this.policy.current();
    atField('newPassword', () => assertPasswordAcceptable(newPassword, { username: user.username, email: user.email, minLength: passwordPolicy.minLength }));
    const ticket = await tickets.reserveTicketAttempt(this.db, ticketHash, 'password_change', now, TICKET_MAX_FAILURES);
    if (!ticket) throw invalidTicket();
    if (await this.hasher.verify(await this.users.passwordHash(user.id), newPassword)) {
      throw unprocessable('password_unchanged', 'Choose a password other than the one you signed in with.').forField('newPassword');
    }
    const passwordHash = await this.users.hashPassword(newPassword);
    const method = (ticket.sign_in_method ?? 'password') as SignInMethod;
    const session = await this.db.transaction().execute(async (trx) => {
      // the user's row first, as a password change, a reset and a lockdown take it
      if (!(await this.users.lockRow(trx, user.id))) throw invalidTicket();
      if (!(await tickets.consumeLiveTicket(trx, ticket.id, user.id, 'password_change', now))) throw invalidTicket();
      const fresh = await this.users.findById(user.id, trx);
      if (!fresh || fresh.must_change_password !== 1) throw invalidTicket();
      assertMaySignIn(fresh);
      // pending links die with the old password: whoever knew it (the administrator) may have asked for them
      await revokeLiveByUserId(trx, user.id, ['password_reset', 'email_confirm', 'recovery_email_confirm'], now);
      await this.users.setPasswordHash(trx, user.id, passwordHash);
      await this.sessions.endAllForUser(trx, user.id, 'password_changed');
      await this.activity.record(trx, user.id, 'temporary_password_changed', client);
      const started = await this.sessions.start(trx, user.id, method, client);
      await this.activity.record(trx, user.id, 'sign_in_succeeded', client, { method });
      await this.mail.enqueueNotice(trx, fresh, 'password_changed', {}, client);
      return started;
    });
    this.mail.kick();
    return { status: 'ok', user: { ...user, must_change_password: 0 }, session };
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
      // every route that takes the password in the request calls it `password`
      if (!ok) throw forbidden('invalid_password', 'The password is wrong.').forField('password');
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
   * A challenge for re-authentication by passkey, bound to this session.
   * @throws 409 no_passkeys, 429 rate_limited
   */
  async reauthPasskeyOptions(caller: InteractiveCaller, client: ClientInfo): Promise<PublicKeyCredentialRequestOptionsJSON> {
    if (!(await this.passkeys.hasPasskeys(this.db, caller.user.id))) throw noPasskeys();
    await this.throttle.challenge(client.ip);
    const { options } = await this.passkeys.assertionOptions('reauthenticate', { userId: caller.user.id, binding: caller.session.id });
    return options;
  }

  /**
   * Marks the session as recently authenticated after a right password, a right TOTP code
   * when 2FA is on (the code is used up like at sign-in), or a user-verified passkey.
   * @throws 400 invalid_request (none or several) | malformed_code | passkey_challenge_expired,
   *   403 invalid_password | invalid_code | code_already_used | passkey_rejected,
   *   409 totp_not_enabled | no_passkeys, 429 rate_limited
   */
  async reauthenticate(
    caller: InteractiveCaller,
    proof: { password?: string; code?: string; passkey?: AuthenticationResponseBody },
    client: ClientInfo,
  ): Promise<void> {
    const { user, session } = caller;
    const given = [proof.password, proof.code, proof.passkey].filter((value) => value !== undefined).length;
    if (given !== 1) {
      throw badRequest('invalid_request', 'body: send one of `password`, `code` (a code from your authenticator app) or `passkey`.');
    }
    if (proof.passkey !== undefined) {
      if (!(await this.passkeys.hasPasskeys(this.db, user.id))) throw noPasskeys();
      const result = await this.passkeys.verify(proof.passkey, 'reauthenticate', { userId: user.id, binding: session.id }, client);
      if (!result.ok) {
        if (result.reason === 'challenge') throw passkeyChallengeExpired();
        await this.activity.record(this.db, user.id, 'second_factor_failed', client, {
          reason: AuthService.passkeyFailureReason(result),
          context: 'reauthenticate',
          method: 'passkey',
        });
        throw forbidden('passkey_rejected', 'The passkey could not be verified.');
      }
      await this.db.transaction().execute(async (trx) => {
        if (!(await this.passkeys.recordUse(trx, result))) throw forbidden('passkey_rejected', 'The passkey could not be verified.');
        await this.sessions.markReauthenticated(session.id, trx);
      });
      return;
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
    if (!ok) throw forbidden('invalid_password', 'The password is wrong.').forField('password');
    await this.sessions.markReauthenticated(session.id);
  }
}
