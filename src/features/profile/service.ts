import type { ReadCache } from '../../db/read-cache.js';
import { type UserJoin, joinAll } from '../../db/user-join.js';
import type { Db, UserRow } from '../../db/schema.js';
import { type AuthContext, type InteractiveCaller, interactiveCaller } from '../../http/authenticate.js';
import type { ClientInfo } from '../../http/client-info.js';
import { atField, checkFields, forbidden, unauthorized, unprocessable } from '../../http/problem.js';
import type { ActivityService } from '../activity/service.js';
import { assertPasswordAcceptable } from '../auth/password-policy.js';
import type { AuthService } from '../auth/service.js';
import type { MailService } from '../../mail/service.js';
import { revokeLiveByUserId } from '../../mail/link-store.js';
import type { MediaService, NewestImages } from '../media/service.js';
import type { SessionService } from '../sessions/service.js';
import { type TwoFactorSummary, twoFactorSummary, twoFactorSummaryJoin } from '../twofactor/status.js';
import { profileChanges } from '../users/profile-changes.js';
import { checkDisplayName, checkEmail, checkRecoveryEmail, checkTimezone, emailTaken } from '../users/rules.js';
import { type UserService, isUniqueViolation } from '../users/service.js';
import type { EmailChangeService } from './email-change-service.js';
import type { RecoveryEmailService } from './recovery-email-service.js';
import { profileView } from './view.js';
import { type LockableField, lockProblemCode } from './locks.js';
import type { ProfileRules } from './view.js';
import { iso, type Clock } from '../../lib/clock.js';

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
  theme?: string;
  newsletter?: boolean;
  notifyNewSignIn?: boolean;
  notifyTokenCreated?: boolean;
  notifyAppPasswordCreated?: boolean;
  notifyPasskeyAdded?: boolean;
  /** present only to be refused: the username is fixed */
  username?: unknown;
  /** re-authentication in the same request, for email changes */
  password?: string;
}

export type ProfileView = ReturnType<typeof profileView>;

/**
 * How long a cached view may be kept (the read cache's `maxAgeOf`). Only its pending addresses
 * change by time alone (their link expires, and then the view no longer shows them): a view that
 * has one is read again after a second; any other part changes only by a write, which drops it.
 */
export function viewMaxAge(view: ProfileView): number {
  return view.pendingEmail !== null || view.pendingRecoveryEmail !== null ? PENDING_VIEW_MAX_AGE_MS : Infinity;
}
const PENDING_VIEW_MAX_AGE_MS = 1000;

/** What the view shows beyond the user row, as its owners read it (see ProfileService.viewJoin). */
export interface ViewParts extends Record<string, unknown> {
  images: NewestImages;
  pendingEmail: string | null;
  pendingRecoveryEmail: string | null;
  twoFactor: TwoFactorSummary;
}

export interface ProfileServiceOptions {
  db: Db;
  clock: Clock;
  users: UserService;
  auth: AuthService;
  sessions: SessionService;
  activity: ActivityService;
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
  private readonly users: UserService;
  private readonly auth: AuthService;
  private readonly sessions: SessionService;
  private readonly activity: ActivityService;
  private readonly mail: MailService;
  private readonly media: MediaService;
  private readonly emailChange: EmailChangeService;
  private readonly recovery: RecoveryEmailService;
  private readonly rules: ProfileRuleSource;
  private readonly views: ReadCache<ProfileView> | null;
  /** What the view reads besides the user row, as columns of the caller's lookup (GET /profile's joinWithCaller). */
  readonly viewJoin: UserJoin<ViewParts>;

  constructor(options: ProfileServiceOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.users = options.users;
    this.auth = options.auth;
    this.sessions = options.sessions;
    this.activity = options.activity;
    this.mail = options.mail;
    this.media = options.media;
    this.emailChange = options.emailChange;
    this.recovery = options.recovery;
    this.rules = options.rules;
    this.views = options.views;
    this.viewJoin = joinAll<ViewParts>({
      images: this.media.imagesJoin,
      pendingEmail: this.emailChange.pendingJoin,
      pendingRecoveryEmail: this.recovery.pendingJoin,
      twoFactor: twoFactorSummaryJoin,
    });
  }

  /** Locks, avatar fallback and the mandatory-2FA state for this user's profile view. */
  describe(user: UserRow): Promise<ProfileRules> {
    return this.rules.describe(user);
  }

  /** The profile as the user sees it: the row, second factors, pictures, an email change awaiting confirmation. */
  async view(user: UserRow): Promise<ProfileView> {
    const [images, pendingEmail, pendingRecoveryEmail, twoFactor] = await Promise.all([
      this.media.newestImages(user.id),
      this.emailChange.pendingEmail(user.id),
      this.recovery.pending(user.id),
      twoFactorSummary(this.db, user.id),
    ]);
    return this.viewFrom(user, { images, pendingEmail, pendingRecoveryEmail, twoFactor });
  }

  /** The view from its parts, read one by one (`view`) or with the caller's lookup (`viewJoin`). */
  private async viewFrom(user: UserRow, parts: ViewParts): Promise<ProfileView> {
    const images = await this.media.imagesFrom(user, parts.images);
    const extras = { ...images, pendingEmail: parts.pendingEmail, pendingRecoveryEmail: parts.pendingRecoveryEmail };
    return profileView(user, extras, parts.twoFactor, await this.describe(user));
  }

  /**
   * The view for reads (GET /profile). SQLite: from the read cache when nothing of this user
   * changed since; the cached view is built from a user row read with it, never from the
   * caller's, which may be older than the entry. PostgreSQL (no cache): from `joined`, what
   * `viewJoin` read in the caller's own lookup statement, when there is one.
   */
  async currentView(user: UserRow, joined?: ViewParts): Promise<ProfileView> {
    if (!this.views) return joined ? this.viewFrom(user, joined) : this.view(user);
    return this.views.peek(user.id) ?? (await this.loadView(user));
  }

  private async loadView(user: UserRow): Promise<ProfileView> {
    const views = this.views;
    if (!views) return this.view(user);
    const cached = await views.get(user.id, async () => {
      const fresh = await this.users.findById(user.id);
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
    if (patch.username !== undefined) throw unprocessable('username_immutable', 'The username cannot be changed.').forField('username');
    if (patch.notifyNewSignIn === false) {
      throw unprocessable('notice_required', 'New sign-in notices cannot be turned off: they are how you learn that someone else got in.').forField('notifyNewSignIn');
    }
    // every field that breaks a rule is named at once
    const checked = checkFields({
      displayName: () => (patch.displayName === undefined ? undefined : checkDisplayName(patch.displayName)),
      email: () => (patch.email === undefined ? undefined : checkEmail(patch.email)),
      recoveryEmail: () => (patch.recoveryEmail === undefined ? undefined : checkRecoveryEmail(patch.recoveryEmail)),
      timezone: () => (patch.timezone === undefined ? undefined : checkTimezone(patch.timezone)),
    });
    const { changes, fields: changed } = profileChanges(user, {
      ...checked,
      language: patch.language,
      dateFormat: patch.dateFormat,
      theme: patch.theme,
      newsletter: patch.newsletter,
      notifyTokenCreated: patch.notifyTokenCreated,
      notifyAppPasswordCreated: patch.notifyAppPasswordCreated,
      notifyPasskeyAdded: patch.notifyPasskeyAdded,
    });
    // the addresses are not set here (see above); every other field is
    const { email: newEmail = null, recovery_email: newRecovery, ...direct } = changes;

    const { locks } = await this.describe(user);
    for (const field of changed) {
      const reason = locks[field as LockableField] ?? null;
      if (reason) throw forbidden(lockProblemCode(reason), reason === 'directory' ? 'The directory manages this field.' : 'An administrator has locked this field.').forField(field);
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
        await this.users.lockRow(trx, user.id);
        if (others.length > 0) {
          await this.users.update(trx, user.id, { ...direct, updated_at: iso(this.clock.now()) });
          await this.activity.recordProfileChange(trx, user.id, client, others);
        }
        if (newEmail && emailPermit) await this.emailChange.request(trx, user, newEmail, emailPermit, client);
        if (newRecovery && recoveryPermit) await this.recovery.request(trx, user, newRecovery, recoveryPermit, client);
        else if (newRecovery === null) await this.recovery.clear(trx, user, client);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    if (newEmail || newRecovery !== undefined) this.mail.kick();
    return { ...user, ...direct, ...(newRecovery === null ? { recovery_email: null } : {}) };
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
    atField('newPassword', () => assertPasswordAcceptable(newPassword, { username: user.username, email: user.email, minLength }));
    const ok = await this.auth.checkPassword(user.username, currentPassword, client);
    if (!ok) throw forbidden('invalid_password', 'The current password is wrong.').forField('currentPassword');
    const passwordHash = await this.users.hashPassword(newPassword);
    const sessionId = caller.session.id;
    await this.db.transaction().execute(async (trx) => {
      // the same order as a reset and a lockdown (the user's row, mail links, password, sessions), so
      // none waits on another's locks; a lockdown that ended this session meanwhile wins
      await this.users.lockRow(trx, user.id);
      if (!(await this.sessions.isActive(trx, sessionId))) throw unauthorized('unauthenticated', 'Sign in first.');
      // pending address changes die with the old password: whoever knew it may have asked for them
      await revokeLiveByUserId(trx, user.id, ['password_reset', 'email_confirm', 'recovery_email_confirm'], iso(this.clock.now()));
      await this.users.setPasswordHash(trx, user.id, passwordHash);
      await this.sessions.endAllForUser(trx, user.id, 'password_changed', sessionId);
      await this.activity.record(trx, user.id, 'password_changed', client);
      await this.mail.enqueueNotice(trx, user, 'password_changed', {}, client);
    });
    this.mail.kick();
  }
}
