import type { MailService } from '../../mail/service.js';
import type { AppRow, Db, Executor, UserRow } from '../../db/schema.js';
import type { ClientInfo } from '../../http/client-info.js';
import { badRequest, notFound, unauthorized, unprocessable } from '../../http/problem.js';
import { type Clock, addMs, iso } from '../../lib/clock.js';
import { type CursorPosition, toPage } from '../../lib/cursor.js';
import { constantTimeEqual, newId, readablePassword, sha256Hex } from '../../lib/secrets.js';
import type { AppService } from '../apps/service.js';
import type { ActivityService } from '../activity/service.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import { type AuthService, assertMaySignIn } from '../auth/service.js';
import { hasSecondFactor } from '../twofactor/status.js';
import { invalidName, isValidName } from '../users/rules.js';
import * as store from './store.js';
import type { UserService } from '../users/service.js';

/**
 * App passwords are 4 groups of 7 characters from a 32-letter unambiguous alphabet:
 * 28 × 5 = 140 random bits, e.g. `k7mq2xp-9ahd3wz-…`. That is far beyond guessing, so a
 * SHA-256 of the password is a safe way to store it (no slow hash needed).
 */
export const APP_PASSWORD_GROUPS = 4;
export const APP_PASSWORD_GROUP_SIZE = 7;
export const APP_PASSWORD_ENTROPY_BITS = APP_PASSWORD_GROUPS * APP_PASSWORD_GROUP_SIZE * Math.log2(32);
export const MAX_APP_PASSWORDS_PER_USER = 100;
/** lastUsedAt/lastUsedIp are written at most once a minute per app password. */
export const TOUCH_INTERVAL_MS = 60_000;

/** What people may type: any case, with or without the dashes or spaces between groups. */
export function normalizeAppPassword(password: string): string {
  return password.replace(/[\s-]+/g, '').toLowerCase();
}

export function hashAppPassword(password: string): string {
  return sha256Hex(normalizeAppPassword(password));
}

/** A foreign-key violation on either engine. */
function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || /FOREIGN KEY constraint failed/.test(e?.message ?? '');
}

export type VerifiedBy = 'app_password' | 'password';

export interface VerifyOptions {
  /** the main password is also tried (never when the user has a second factor) */
  allowMainPassword: boolean;
}

const INVALID_CREDENTIALS = 'The username or password is wrong. With two-factor sign-in on, use an app password.';

export interface AppPasswordServiceOptions {
  users: Pick<UserService, 'lockRow' | 'findByLogin'>;
  db: Db;
  clock: Clock;
  activity: ActivityService;
  apps: AppService;
  auth: AuthService;
  throttle: LoginThrottle;
  mail: Pick<MailService, 'notify'>;
}

/**
 * App passwords: one per client and app, shown once, revocable one by one. They open only
 * the app they were made for, and only through the app-facing endpoints, never the dashboard.
 */
export class AppPasswordService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly activity: ActivityService;
  private readonly apps: AppService;
  private readonly auth: AuthService;
  private readonly throttle: LoginThrottle;
  private readonly mail: Pick<MailService, 'notify'>;
  private readonly users: Pick<UserService, 'lockRow' | 'findByLogin'>;

  constructor(options: AppPasswordServiceOptions) {
    this.users = options.users;
    this.db = options.db;
    this.clock = options.clock;
    this.activity = options.activity;
    this.apps = options.apps;
    this.auth = options.auth;
    this.throttle = options.throttle;
    this.mail = options.mail;
  }

  /**
   * Creates an app password for one app and returns it once.
   * @throws 400 invalid_app_password_name | unknown_app, 422 too_many_app_passwords
   */
  async create(userId: string, input: { name: string; appId: string }, client: ClientInfo) {
    const name = input.name.trim();
    if (!isValidName(name)) throw invalidName('invalid_app_password_name').forField('name');
    const app = await this.apps.findById(input.appId);
    if (!app) throw badRequest('unknown_app', 'There is no app with this id.').forField('appId');
    const password = readablePassword(APP_PASSWORD_GROUPS, APP_PASSWORD_GROUP_SIZE);
    const now = iso(this.clock.now());
    const row = {
      id: newId(),
      user_id: userId,
      app_id: app.id,
      name,
      password_hash: hashAppPassword(password),
      created_at: now,
      last_used_at: null,
      last_used_ip: null,
    };
    try {
      await this.db.transaction().execute(async (trx) => {
        // the user's row lock makes the cap's count and the insert one step (PostgreSQL)
        if (!(await this.users.lockRow(trx, userId))) throw unauthorized('unauthenticated', 'Sign in first.');
        if ((await store.countAppPasswordsByUserId(trx, userId)) >= MAX_APP_PASSWORDS_PER_USER) {
          throw unprocessable('too_many_app_passwords', `You have ${MAX_APP_PASSWORDS_PER_USER} app passwords. Revoke one first.`);
        }
        await store.insertAppPassword(trx, row);
        await this.activity.record(trx, userId, 'app_password_created', client, { appPasswordId: row.id, name, appId: app.id, appName: app.name });
      });
    } catch (error) {
      // the app was deleted between the lookup and the insert
      if (isForeignKeyViolation(error)) throw badRequest('unknown_app', 'There is no app with this id.').forField('appId');
      throw error;
    }
    await this.mail.notify(userId, 'app_password_created', { appPasswordName: name, appName: app.name }, client);
    return { id: row.id, password, name, appId: app.id, appName: app.name, createdAt: now, lastUsedAt: null, lastUsedIp: null };
  }

  async list(userId: string, limit: number, before: CursorPosition | null) {
    const rows = await store.listAppPasswordsByUserId(this.db, userId, limit, before);
    return toPage(rows, limit, (row) => ({
      id: row.id,
      name: row.name,
      appId: row.app_id,
      appName: row.app_name,
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
      lastUsedIp: row.last_used_ip,
    }));
  }

  /**
   * Revokes every app password of the user inside `trx` (a clean slate), each in their activity
   * with `reason`. Returns how many.
   */
  async revokeAllForUser(trx: Executor, userId: string, client: ClientInfo, reason: string): Promise<number> {
    const deleted = await store.deleteAppPasswordsByUserId(trx, userId);
    for (const row of deleted) {
      await this.activity.record(trx, userId, 'app_password_revoked', client, { appPasswordId: row.id, name: row.name, appId: row.app_id, reason });
    }
    return deleted.length;
  }

  /** Deletes the app password; its next use is refused. @throws 404 app_password_not_found */
  async revoke(userId: string, id: string, client: ClientInfo): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const deleted = await store.deleteAppPasswordByIdAndUserId(trx, id, userId);
      if (!deleted) throw notFound('app_password_not_found', 'No such app password.');
      await this.activity.record(trx, userId, 'app_password_revoked', client, {
        appPasswordId: deleted.id,
        name: deleted.name,
        appId: deleted.app_id,
        reason: 'revoked',
      });
    });
  }

  /**
   * Decides whether `login` + `password` may use `app`, in this order:
   * 1. the login throttle (shared with the dashboard sign-in): 429 while spent;
   * 2. an app password the user made for this very app (SHA-256, constant-time compare);
   * 3. when allowed, the main password, accepted only if the user has no second factor and it
   *    is not temporary (it is checked all the same, so the answer and its timing do not tell which);
   * 4. a disabled user is refused after right credentials only.
   * Every failure counts against the throttle and is in the user's activity.
   * @throws 401 invalid_credentials, 403 user_disabled | password_reset_required, 429 rate_limited, 503 hashing_busy (only
   *   with `allowMainPassword`: app passwords are not argon2 hashes)
   */
  async verify(app: AppRow, login: string, password: string, client: ClientInfo, options: VerifyOptions): Promise<{ user: UserRow; via: VerifiedBy }> {
    const user = await this.users.findByLogin(login);
    const attempt = await this.throttle.begin(user ? { userId: user.id } : { unknownLogin: login }, client.ip);
    if (user) {
      const matched = await this.matchAppPassword(user.id, app.id, password);
      if (matched) {
        await attempt.release();
        assertMaySignIn(user);
        await this.recordUse(matched, user, app, client);
        return { user, via: 'app_password' };
      }
    }
    const cannotTell = async (error: unknown): Promise<never> => {
      await attempt.release(); // the directory or the hash pool could not tell (503): not a wrong password
      throw error;
    };
    const mainPasswordMatches = options.allowMainPassword && user ? await this.auth.passwordMatches(user, password).catch(cannotTell) : false;
    if (mainPasswordMatches && user) {
      // a temporary password opens the dashboard's password change only, never an app
      if (user.must_change_password === 1) await this.refuse(user, app, client, 'temporary_password');
      if (!(await hasSecondFactor(this.db, user.id))) {
        await attempt.release();
        assertMaySignIn(user);
        return { user, via: 'password' };
      }
      await this.refuse(user, app, client, 'app_password_required');
    }
    // an unknown user costs what a known one's main password check does (none without it)
    if (!user && options.allowMainPassword) await this.auth.passwordMatches(null, password).catch(cannotTell);
    await this.refuse(user ?? null, app, client, options.allowMainPassword ? 'wrong_password' : 'wrong_app_password');
    throw unauthorized('invalid_credentials', INVALID_CREDENTIALS);
  }

  private async refuse(user: UserRow | null, app: AppRow, client: ClientInfo, reason: string): Promise<never> {
    if (user) await this.activity.record(this.db, user.id, 'sign_in_failed', client, { reason, appId: app.id, appName: app.name });
    throw unauthorized('invalid_credentials', INVALID_CREDENTIALS);
  }

  /** The matching app password among the user's ones for this app; every candidate is compared. */
  private async matchAppPassword(userId: string, appId: string, password: string) {
    const candidates = await store.listAppPasswordsByUserIdAndAppId(this.db, userId, appId);
    if (candidates.length === 0) return null;
    const presented = hashAppPassword(password);
    let found: (typeof candidates)[number] | null = null;
    for (const candidate of candidates) {
      if (constantTimeEqual(presented, candidate.password_hash) && found === null) found = candidate;
    }
    return found;
  }

  /** lastUsed at most once a minute; the first use also lands in the user's activity. */
  private async recordUse(matched: { id: string; name: string; last_used_at: string | null }, user: UserRow, app: AppRow, client: ClientInfo) {
    const now = this.clock.now();
    const nowIso = iso(now);
    if (matched.last_used_at === null) {
      await this.db.transaction().execute(async (trx) => {
        if (await store.touchAppPasswordFirstUse(trx, matched.id, nowIso, client.ip)) {
          await this.activity.record(trx, user.id, 'app_password_first_used', client, {
            appPasswordId: matched.id,
            name: matched.name,
            appId: app.id,
            appName: app.name,
          });
        }
      });
    } else if (now.getTime() - Date.parse(matched.last_used_at) >= TOUCH_INTERVAL_MS) {
      await store.touchAppPasswordIfStale(this.db, matched.id, nowIso, client.ip, iso(addMs(now, -TOUCH_INTERVAL_MS)));
    }
  }
}
