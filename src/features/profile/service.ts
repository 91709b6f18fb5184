import { assertAnotherActiveAdmin } from '../users/last-admin.js';
import type { Transaction } from 'kysely';
import type { ReadCache } from '../../db/read-cache.js';
import type { Database, Db, UserRow, UserUpdate } from '../../db/schema.js';
import { type AuthContext, type InteractiveCaller, interactiveCaller } from '../../http/authenticate.js';
import type { ClientInfo } from '../../http/client-info.js';
import { badRequest, conflict, forbidden, unprocessable } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import type { ActivityService } from '../activity/service.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import { hashPassword } from '../auth/password-hasher.js';
import { assertPasswordAcceptable } from '../auth/password-policy.js';
import type { AuthService } from '../auth/service.js';
import type { MailService } from '../../mail/service.js';
import { revokeLiveByUserId } from '../../mail/link-store.js';
import type { MediaService } from '../media/service.js';
import type { SessionService } from '../sessions/service.js';
import { hasSecondFactor, twoFactorSummary } from '../twofactor/status.js';
import type { SecondFactorVerifier } from '../twofactor/verifier.js';
import { canonicalTimezone, isValidEmail, isValidName } from '../users/rules.js';
import { isUniqueViolation } from '../users/service.js';
import * as users from '../users/store.js';
import type { EmailChangeService } from './email-change-service.js';
import type { RecoveryEmailService } from './recovery-email-service.js';
import { profileView } from './view.js';
import { type LockableField, lockProblemCode } from './locks.js';
import type { ProfileRules } from './view.js';

/** The instance rules for one user's profile, and the password policy (admin settings, directory). */
export interface ProfileRuleSource {
  describe(user: UserRow): Promise<ProfileRules>;
  passwordMinLength(): Promise<number>;
}

export interface ProfilePatch {
  displayName?: string;
  email?: string;
  recoveryEmail?: string | null;
  language?: string;
  timezone?: string;
  dateFormat?: string;
  newsletter?: boolean;
  notifyNewSignIn?: boolean;
  /** present only to be refused: the username is fixed */
  username?: unknown;
  /** re-authentication in the same request, for email changes */
  password?: string;
}

export type ProfileView = ReturnType<typeof profileView>;

export interface ProfileServiceOptions {
  db: Db;
  clock: Clock;
  auth: AuthService;
  sessions: SessionService;
  activity: ActivityService;
  secondFactor: SecondFactorVerifier;
  throttle: LoginThrottle;
  mail: MailService;
  media: MediaService;
  emailChange: EmailChangeService;
  recovery: RecoveryEmailService;
  rules: ProfileRuleSource;
  /** null: no read cache (PostgreSQL) */
  views: ReadCache<ProfileView> | null;
}

/** The signed-in user's own profile: the field rules, and which changes are sensitive. */
export class ProfileService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly auth: AuthService;
  private readonly sessions: SessionService;
  private readonly activity: ActivityService;
  private readonly secondFactor: SecondFactorVerifier;
  private readonly throttle: LoginThrottle;
  private readonly mail: MailService;
  private readonly media: MediaService;
  private readonly emailChange: EmailChangeService;
  private readonly recovery: RecoveryEmailService;
  private readonly rules: ProfileRuleSource;
  private readonly views: ReadCache<ProfileView> | null;

  constructor(options: ProfileServiceOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.auth = options.auth;
    this.sessions = options.sessions;
    this.activity = options.activity;
    this.secondFactor = options.secondFactor;
    this.throttle = options.throttle;
    this.mail = options.mail;
    this.media = options.media;
    this.emailChange = options.emailChange;
    this.recovery = options.recovery;
    this.rules = options.rules;
    this.views = options.views;
  }

  /** Locks, avatar fallback and the mandatory-2FA state for this user's profile view. */
  describe(user: UserRow): Promise<ProfileRules> {
    return this.rules.describe(user);
  }

  /** The profile as the user sees it: the row, second factors, pictures, an email change awaiting confirmation. */
  async view(user: UserRow) {
    const [images, pendingEmail, pendingRecoveryEmail, twoFactor, rules] = await Promise.all([
      this.media.imagesFor(user),
      this.emailChange.pendingEmail(user.id),
      this.recovery.pending(user.id),
      twoFactorSummary(this.db, user.id),
      this.describe(user),
    ]);
    return profileView(user, { ...images, pendingEmail, pendingRecoveryEmail }, twoFactor, rules);
  }

  /**
   * The view for reads (GET /profile), from the read cache when nothing has changed since —
   * then synchronously, without an await. The cached view is built from a user row read with
   * it, never from the caller's, which may be older than the cache's epoch.
   */
  currentView(user: UserRow): ProfileView | Promise<ProfileView> {
    return this.views?.peek(user.id) ?? this.loadView(user);
  }

  private async loadView(user: UserRow): Promise<ProfileView> {
    if (!this.views) return this.view(user);
    const cached = await this.views.get(user.id, async () => {
      const fresh = await users.findUserById(this.db, user.id);
      return fresh ? this.view(fresh) : undefined;
    });
    return cached ?? this.view(user);
  }

  /**
   * A new primary or recovery email is not set here: it becomes pending and a confirmation link
   * goes to it (EmailChangeService, RecoveryEmailService); clearing the recovery email (null)
   * applies at once and tells the primary; the other fields change at once. All or nothing.
   * @throws 403 profile_locked | managed_by_directory for a change of a locked field,
   *   422 username_immutable, 400 invalid_display_name | invalid_email | invalid_timezone,
   *   403 reauthentication_required | interactive_session_required | invalid_password, 409 email_taken,
   *   429 rate_limited (address checks, or the confirmation mail's budget)
   */
  async update(auth: AuthContext, patch: ProfilePatch, client: ClientInfo): Promise<UserRow> {
    const user = auth.user;
    if (patch.username !== undefined) throw unprocessable('username_immutable', 'The username cannot be changed.');
    const changes: UserUpdate = {};
    const changed: string[] = [];
    let newEmail: string | null = null;
    /** undefined: untouched; null: clear it; a string: a new address to confirm */
    let newRecovery: string | null | undefined;

    if (patch.displayName !== undefined) {
      const displayName = patch.displayName.trim();
      if (!isValidName(displayName)) throw badRequest('invalid_display_name', 'Use 1–100 characters, no control characters.');
      if (displayName !== user.display_name) {
        changes.display_name = displayName;
        changed.push('displayName');
      }
    }
    if (patch.email !== undefined) {
      const email = patch.email.trim();
      if (!isValidEmail(email)) throw badRequest('invalid_email', 'This is not a valid email address.');
      if (email !== user.email) {
        newEmail = email;
        changed.push('email');
      }
    }
    if (patch.recoveryEmail !== undefined) {
      const recovery = patch.recoveryEmail === null || patch.recoveryEmail.trim() === '' ? null : patch.recoveryEmail.trim();
      if (recovery !== null && !isValidEmail(recovery)) throw badRequest('invalid_email', 'This is not a valid email address.');
      if (recovery !== user.recovery_email) {
        newRecovery = recovery;
        changed.push('recoveryEmail');
      }
    }
    if (patch.timezone !== undefined) {
      const timezone = canonicalTimezone(patch.timezone);
      if (timezone === null) throw badRequest('invalid_timezone', 'Unknown time zone.');
      if (timezone !== user.timezone) {
        changes.timezone = timezone;
        changed.push('timezone');
      }
    }
    if (patch.language !== undefined && patch.language !== user.language) {
      changes.language = patch.language;
      changed.push('language');
    }
    if (patch.dateFormat !== undefined && patch.dateFormat !== user.date_format) {
      changes.date_format = patch.dateFormat;
      changed.push('dateFormat');
    }
    if (patch.newsletter !== undefined && (patch.newsletter ? 1 : 0) !== user.newsletter) {
      changes.newsletter = patch.newsletter ? 1 : 0;
      changed.push('newsletter');
    }

    if (patch.notifyNewSignIn !== undefined && (patch.notifyNewSignIn ? 1 : 0) !== user.notify_new_sign_in) {
      changes.notify_new_sign_in = patch.notifyNewSignIn ? 1 : 0;
      changed.push('notifyNewSignIn');
    }

    const { locks } = await this.describe(user);
    for (const field of changed) {
      const reason = locks[field as LockableField] ?? null;
      if (reason) throw forbidden(lockProblemCode(reason), reason === 'directory' ? 'The directory manages this field.' : 'An administrator has locked this field.');
    }

    if (changed.includes('email') || changed.includes('recoveryEmail')) {
      await this.auth.assertRecentlyAuthenticated(interactiveCaller(auth), patch.password, client);
    }
    if (newEmail) await this.emailChange.assertAvailable(user, newEmail, client);
    if (changed.length === 0) return user;

    // the mail budgets are reserved before the transaction (see MailService.reserve)
    const emailPermit = newEmail ? await this.emailChange.reserve(user, newEmail) : null;
    const recoveryPermit = newRecovery ? await this.recovery.reserve(user, newRecovery) : null;
    const others = changed.filter((field) => field !== 'email' && field !== 'recoveryEmail');
    try {
      await this.db.transaction().execute(async (trx) => {
        // the user's row lock makes "revoke the older links, issue the new one" one step
        await users.lockUserRow(trx, user.id);
        if (others.length > 0) {
          await users.updateUserById(trx, user.id, { ...changes, updated_at: iso(this.clock.now()) });
          await this.activity.record(trx, user.id, 'profile_updated', client, { fields: others });
        }
        if (newEmail && emailPermit) await this.emailChange.request(trx, user, newEmail, emailPermit, client);
        if (newRecovery && recoveryPermit) await this.recovery.request(trx, user, newRecovery, recoveryPermit, client);
        else if (newRecovery === null) await this.recovery.clear(trx, user, client);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('email_taken', 'This email address is in use.');
      throw error;
    }
    if (newEmail || newRecovery !== undefined) this.mail.kick();
    return { ...user, ...changes, ...(newRecovery === null ? { recovery_email: null } : {}) } as UserRow;
  }

  /**
   * Checks the current password, applies the policy, stores the new hash and ends every other
   * session of the user, all in one transaction.
   * @throws 403 invalid_password | managed_by_directory, 422 password policy codes, 429
   */
  async changePassword(caller: InteractiveCaller, currentPassword: string, newPassword: string, client: ClientInfo): Promise<void> {
    const user = caller.user;
    if (user.source === 'ldap') throw forbidden('managed_by_directory', 'Change your password in the directory.');
    const minLength = await this.rules.passwordMinLength();
    assertPasswordAcceptable(newPassword, { username: user.username, email: user.email, minLength });
    const ok = await this.auth.checkPassword(user.username, currentPassword, client);
    if (!ok) throw forbidden('invalid_password', 'The current password is wrong.');
    const passwordHash = await hashPassword(newPassword);
    const sessionId = caller.session.id;
    await this.db.transaction().execute(async (trx) => {
      // the same order as a reset (mail links, password, sessions), so the two never wait on each other
      // pending address changes die with the old password: whoever knew it may have asked for them
      await revokeLiveByUserId(trx, user.id, ['password_reset', 'email_confirm', 'recovery_email_confirm'], iso(this.clock.now()));
      await users.upsertPasswordHash(trx, user.id, passwordHash, iso(this.clock.now()));
      await this.sessions.endAllForUser(trx, user.id, 'password_changed', sessionId);
      await this.activity.record(trx, user.id, 'password_changed', client);
      await this.mail.enqueueNotice(trx, user, 'password_changed', {});
    });
    this.mail.kick();
  }

  /**
   * Deletes the signed-in user's account: the password always, and a TOTP (or recovery) code
   * when 2FA is on. In one transaction every session ends, then the user row goes and with it
   * (ON DELETE CASCADE) everything that is theirs; the throttle's counts for their login go too.
   * The username and email become free.
   * @throws 403 invalid_password | twofactor_code_required |
   *   invalid_code | code_already_used, 400 malformed_code, 409 last_admin, 429 rate_limited
   */
  async deleteAccount(caller: InteractiveCaller, proof: { password: string; code?: string }, client: ClientInfo): Promise<void> {
    const user = caller.user;
    const ok = await this.auth.checkPassword(user.username, proof.password, client);
    if (!ok) throw forbidden('invalid_password', 'The password is wrong.');
    const remove = async (trx: Transaction<Database>) => {
      await assertAnotherActiveAdmin(trx, user.id);
      await this.sessions.endAllForUser(trx, user.id, 'account_deleted');
      await this.throttle.forgetUser(trx, user.id);
      await users.deleteUserById(trx, user.id);
    };
    if (!(await hasSecondFactor(this.db, user.id))) {
      await this.db.transaction().execute(remove);
      await this.media.deleteAllForUser(user.id);
      return;
    }
    if (proof.code === undefined) {
      throw forbidden('twofactor_code_required', 'Two-factor authentication is on: enter a code from your authenticator app too.');
    }
    await this.secondFactor.withCode(
      user,
      proof.code,
      client,
      { context: 'delete_account', recoveryCodes: true, failureStatus: 403 },
      (trx) => remove(trx),
    );
    await this.media.deleteAllForUser(user.id);
  }
}
