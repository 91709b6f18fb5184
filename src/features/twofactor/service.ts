import QRCode from 'qrcode';
import type { Db, Executor, UserRow } from '../../db/schema.js';
import type { InteractiveCaller } from '../../http/authenticate.js';
import type { ClientInfo } from '../../http/client-info.js';
import { conflict, forbidden, notFound, unprocessable } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import { newId } from '../../lib/secrets.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { MailService } from '../../mail/service.js';
import type { AuditService } from '../audit/service.js';
import { type Actor, SYSTEM, assertCanManage, auditByActor } from '../users/admin-service.js';
import type { ActivityService } from '../activity/service.js';
import type { AuthService } from '../auth/service.js';
import type { SessionService } from '../sessions/service.js';
import type { UserService } from '../users/service.js';
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from './recovery-codes.js';
import * as store from './store.js';
import { matchingSteps, newTotpSecret, otpauthUri } from './totp.js';

export interface TotpSetup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

const notEnabled = () => conflict('totp_not_enabled', 'Two-factor authentication is not on for this account.');

export interface TwoFactorServiceOptions {
  users: Pick<UserService, 'findById' | 'lockRow'>;
  db: Db;
  clock: Clock;
  secretBox: SecretBox;
  issuer: string;
  auth: AuthService;
  sessions: SessionService;
  activity: ActivityService;
  audit: AuditService;
  mail: MailService;
  /** the user's passkeys, which the admin reset removes too */
  passkeys: { removeAllForUser(ex: Executor, userId: string): Promise<number> };
}

/** What an admin reset removed. */
export interface TwoFactorResetResult {
  user: UserRow;
  totpRemoved: boolean;
  passkeysRemoved: number;
  sessionsEnded: number;
}

/**
 * TOTP enrolment and its recovery codes, for the signed-in user, and the administrator's reset.
 * Every change and its activity event are one transaction.
 */
export class TwoFactorService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly secretBox: SecretBox;
  private readonly issuer: string;
  private readonly auth: AuthService;
  private readonly sessions: SessionService;
  private readonly activity: ActivityService;
  private readonly audit: AuditService;
  private readonly mail: MailService;
  private readonly users: Pick<UserService, 'findById' | 'lockRow'>;
  private readonly passkeys: TwoFactorServiceOptions['passkeys'];

  constructor(options: TwoFactorServiceOptions) {
    this.users = options.users;
    this.db = options.db;
    this.clock = options.clock;
    this.secretBox = options.secretBox;
    this.issuer = options.issuer;
    this.auth = options.auth;
    this.sessions = options.sessions;
    this.activity = options.activity;
    this.audit = options.audit;
    this.mail = options.mail;
    this.passkeys = options.passkeys;
  }

  /**
   * A fresh secret, pending until `enable` confirms it; a second setup replaces a pending one.
   * @throws 403 reauthentication_required | invalid_password,
   *   409 totp_already_enabled
   */
  async setup(caller: InteractiveCaller, password: string | undefined, client: ClientInfo): Promise<TotpSetup> {
    await this.auth.assertRecentlyAuthenticated(caller, password, client);
    const secret = newTotpSecret();
    const stored = await store.upsertPendingTotp(this.db, caller.user.id, this.secretBox.seal(secret), iso(this.clock.now()));
    if (!stored) throw conflict('totp_already_enabled', 'Two-factor authentication is already on. Turn it off first to use another device.');
    const uri = otpauthUri(secret, this.issuer, caller.user.email);
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, otpauthUri: uri, qrSvg };
  }

  /**
   * Confirms the pending secret with a code from the app and returns the recovery codes, once.
   * The confirming code's step is remembered, so it cannot also be used to sign in.
   * @throws 403 reauthentication_required | invalid_password, 409 totp_setup_required |
   *   totp_already_enabled, 422 invalid_code
   */
  async enable(caller: InteractiveCaller, code: string, password: string | undefined, client: ClientInfo): Promise<string[]> {
    await this.auth.assertRecentlyAuthenticated(caller, password, client);
    const userId = caller.user.id;
    const codes = newRecoveryCodes();
    await this.db.transaction().execute(async (trx) => {
      await this.users.lockRow(trx, userId);
      const pending = await store.findTotpByUserId(trx, userId);
      if (!pending) throw conflict('totp_setup_required', 'Start the set-up first.');
      if (pending.confirmed_at !== null) throw conflict('totp_already_enabled', 'Two-factor authentication is already on.');
      const now = this.clock.now();
      const [step] = matchingSteps(this.secretBox.open(pending.secret_ciphertext), code, now.getTime());
      if (step === undefined) {
        throw unprocessable('invalid_code', 'The code does not match. Check the time on your phone and enter the current code.').forField('code');
      }
      if (!(await store.confirmPendingTotp(trx, userId, pending.secret_ciphertext, step, iso(now)))) {
        throw conflict('totp_setup_required', 'The set-up changed meanwhile. Start it again.');
      }
      await this.storeRecoveryCodes(trx, userId, codes);
      await this.activity.record(trx, userId, 'twofactor_enabled', client, { method: 'totp' });
    });
    return codes;
  }

  /**
   * Turns TOTP off; the password is always asked in the request.
   * @throws 403 invalid_password, 409 totp_not_enabled, 429
   */
  async disable(caller: InteractiveCaller, password: string, client: ClientInfo): Promise<void> {
    const ok = await this.auth.checkPassword(caller.user.username, password, client);
    if (!ok) throw forbidden('invalid_password', 'The password is wrong.').forField('password');
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.removeSecondFactor(trx, caller.user.id))) throw notEnabled();
      await this.activity.record(trx, caller.user.id, 'twofactor_disabled', client, { method: 'totp' });
      await this.mail.enqueueNotice(trx, caller.user, 'twofactor_disabled', {}, client);
    });
    this.mail.kick();
  }

  /**
   * A fresh set of recovery codes; every earlier code stops working.
   * @throws 403 reauthentication_required | invalid_password, 409 totp_not_enabled
   */
  async regenerateRecoveryCodes(caller: InteractiveCaller, password: string | undefined, client: ClientInfo): Promise<string[]> {
    await this.auth.assertRecentlyAuthenticated(caller, password, client);
    const codes = newRecoveryCodes();
    await this.db.transaction().execute(async (trx) => {
      // two regenerations at once: the row lock makes the second replace the first's codes
      await this.users.lockRow(trx, caller.user.id);
      const credential = await store.findTotpByUserId(trx, caller.user.id);
      if (!credential || credential.confirmed_at === null) throw notEnabled();
      await this.storeRecoveryCodes(trx, caller.user.id, codes);
      await this.activity.record(trx, caller.user.id, 'recovery_codes_regenerated', client, { count: codes.length });
    });
    return codes;
  }

  /**
   * For a user who lost their device: turns 2FA off (TOTP, recovery codes and every passkey),
   * ends every session of theirs (reason twofactor_reset) and records who did it.
   * @throws 404 user_not_found, 403 admin_required, 409 totp_not_enabled (no second factor at all)
   */
  async resetByAdmin(userId: string, actor: UserRow | null, client: ClientInfo | null): Promise<TwoFactorResetResult> {
    const result = await this.db.transaction().execute(async (trx) => {
      const user = await this.users.findById(userId, trx);
      if (!user) throw notFound('user_not_found', 'No such user.');
      // user managers may reset plain users only; admins anyone; the CLI (no actor) anyone
      const who: Actor = actor ? { kind: 'user', user: actor, recentSignIn: false } : SYSTEM;
      assertCanManage(who, user);
      // a passkey registration of the user in flight waits, then sees its session ended; the
      // role is checked again on the locked row (a concurrent promotion is seen)
      await this.users.lockRow(trx, userId);
      const locked = await this.users.findById(userId, trx);
      if (!locked) throw notFound('user_not_found', 'No such user.');
      assertCanManage(who, locked);
      const totpRemoved = await this.removeSecondFactor(trx, userId);
      const passkeysRemoved = await this.passkeys.removeAllForUser(trx, userId);
      if (!totpRemoved && passkeysRemoved === 0) throw notEnabled();
      const sessionsEnded = await this.sessions.endAllForUser(trx, userId, 'twofactor_reset');
      await this.activity.record(trx, userId, 'twofactor_reset_by_admin', client, {
        by: actor?.username ?? null,
        via: actor ? 'api' : 'cli',
        totpRemoved,
        passkeysRemoved,
        sessionsEnded,
      });
      await this.audit.record(trx, auditByActor(who, client), 'user_twofactor_reset', { kind: 'user', id: user.id, label: user.username }, {
        totpRemoved,
        passkeysRemoved,
        sessionsEnded,
      });
      await this.mail.enqueueNotice(trx, user, 'twofactor_reset', {}, client);
      return { user, totpRemoved, passkeysRemoved, sessionsEnded };
    });
    this.mail.kick();
    return result;
  }

  private async storeRecoveryCodes(ex: Executor, userId: string, codes: string[]) {
    const rows = codes.map((code) => ({ id: newId(), codeHash: hashRecoveryCode(normalizeRecoveryCode(code) as string) }));
    await store.replaceRecoveryCodes(ex, userId, rows, iso(this.clock.now()));
  }

  /** Deletes the TOTP credential, the recovery codes and pending sign-ins; false when 2FA was not on. */
  private async removeSecondFactor(ex: Executor, userId: string): Promise<boolean> {
    const wasOn = await store.deleteTotpByUserId(ex, userId);
    await store.deleteRecoveryCodesByUserId(ex, userId);
    await this.auth.forgetTickets(ex, userId);
    return wasOn;
  }
}
