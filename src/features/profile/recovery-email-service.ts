import type { Db, MailLinkRow, Executor, UserRow } from '../../db/schema.js';
import type { ClientInfo } from '../../http/client-info.js';
import { type Clock, iso } from '../../lib/clock.js';
import type { MailPermit, MailService } from '../../mail/service.js';
import { consumeByIdAndUserId, findNewestLiveByUserId, revokeLiveByUserId } from '../../mail/link-store.js';
import { issueMailLink, linkInvalid, pendingAddressJoin } from '../../mail/links.js';
import type { MailLinkPurpose } from '../../mail/links.js';
import type { ActivityService } from '../activity/service.js';
import type { SessionService } from '../sessions/service.js';
import type { UserService } from '../users/service.js';

export const RECOVERY_CONFIRM_TTL_MS = 24 * 3_600_000;
export const RECOVERY_UNDO_TTL_MS = 7 * 86_400_000;

/** Every link an undo kills: one of them may have been mailed to the hijacker's address. */
export const ALL_MAILED_LINKS: MailLinkPurpose[] = ['email_confirm', 'email_undo', 'password_reset', 'recovery_email_confirm', 'recovery_email_undo'];

export interface RecoveryEmailServiceOptions {
  users: UserService;
  db: Db;
  clock: Clock;
  mail: MailService;
  sessions: SessionService;
  activity: ActivityService;
  origin: string;
}

/**
 * The recovery address (where password reset links go), verified like the primary:
 * 1. `request`: a new address is held as pending (a `recovery_email_confirm` link, 24 h) and a
 *    confirmation link goes to it; until it is opened the address in force stays (the old one,
 *    or none: the primary). A newer request replaces the pending one;
 * 2. `confirm`: the address is in force; the primary gets a notice with an undo link (7 days);
 * 3. `clear` (null) needs no confirmation, but the primary is told, with an undo link, too;
 * 4. `undo`: the previous recovery address (or none) comes back, every session ends and every
 *    outstanding mail link of the user dies, as for the primary email.
 * `users.recovery_email` therefore only ever holds a confirmed address (or one an administrator set).
 */
export class RecoveryEmailService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly mail: MailService;
  private readonly sessions: SessionService;
  private readonly activity: ActivityService;
  private readonly origin: string;
  private readonly users: UserService;

  constructor(options: RecoveryEmailServiceOptions) {
    this.users = options.users;
    this.db = options.db;
    this.clock = options.clock;
    this.mail = options.mail;
    this.sessions = options.sessions;
    this.activity = options.activity;
    this.origin = options.origin;
  }

  /** The address waiting for confirmation, or null. */
  /** The pending address as a column of the caller's row (see UserJoin). */
  readonly pendingJoin = pendingAddressJoin('recovery_email_confirm');

  async pending(userId: string): Promise<string | null> {
    const row = await findNewestLiveByUserId(this.db, userId, 'recovery_email_confirm', iso(this.clock.now()));
    return row?.email ?? null;
  }

  /** Before the transaction: the confirmation mail's budgets. @throws 429 rate_limited */
  reserve(user: UserRow, address: string): Promise<MailPermit<'recovery_email_confirm'>> {
    return this.mail.reserve(user.id, address, 'recovery_email_confirm');
  }

  /** In the caller's transaction; the caller kicks the mail worker after commit. */
  async request(trx: Executor, user: UserRow, address: string, permit: MailPermit<'recovery_email_confirm'>, client: ClientInfo): Promise<void> {
    const secret = await issueMailLink(trx, {
      userId: user.id,
      purpose: 'recovery_email_confirm',
      email: address,
      now: this.clock.now(),
      ttlMs: RECOVERY_CONFIRM_TTL_MS,
      replace: true,
    });
    await this.mail.enqueueLink(trx, user, permit, {
      link: `${this.origin}/confirm-email?token=${secret}&address=recovery`,
      newEmail: address,
      hours: RECOVERY_CONFIRM_TTL_MS / 3_600_000,
    });
    await this.activity.record(trx, user.id, 'email_change_requested', client, { field: 'recoveryEmail', to: address });
  }

  /** Removes the recovery address at once, and a pending one with it; the primary is told. Kick after commit. */
  async clear(trx: Executor, user: UserRow, client: ClientInfo): Promise<void> {
    await revokeLiveByUserId(trx, user.id, ['recovery_email_confirm'], iso(this.clock.now()));
    await this.apply(trx, user, null, client);
  }

  /** The link from the mail to the new address was opened (its row, already found live). */
  async confirm(row: MailLinkRow, client: ClientInfo): Promise<{ email: string; recoveryEmail: string | null }> {
    const address = row.email;
    if (address === null) throw linkInvalid();
    const now = this.clock.now();
    const email = await this.db.transaction().execute(async (trx) => {
      // the user's row first, as a lockdown, a reset and a password change take it
      await this.users.lockRow(trx, row.user_id);
      const user = await this.users.findById(row.user_id, trx);
      if (!user || !(await consumeByIdAndUserId(trx, row.id, user.id, iso(now)))) throw linkInvalid();
      await this.apply(trx, user, address, client);
      return user.email;
    });
    this.mail.kick();
    return { email, recoveryEmail: address };
  }

  /** The undo link from the notice (its row, already found live); `email` is the address to restore, null for none. */
  async undo(row: MailLinkRow, client: ClientInfo): Promise<{ email: string; recoveryEmail: string | null }> {
    const restored = row.email;
    const now = this.clock.now();
    const email = await this.db.transaction().execute(async (trx) => {
      // the user's row first, as a lockdown, a reset and a password change take it
      await this.users.lockRow(trx, row.user_id);
      const user = await this.users.findById(row.user_id, trx);
      if (!user || !(await consumeByIdAndUserId(trx, row.id, user.id, iso(now)))) throw linkInvalid();
      await this.users.update(trx, user.id, { recovery_email: restored, updated_at: iso(now) });
      await revokeLiveByUserId(trx, user.id, ALL_MAILED_LINKS, iso(now));
      const ended = await this.sessions.endAllForUser(trx, user.id, 'email_change_undone');
      await this.activity.record(trx, user.id, 'email_change_undone', client, {
        field: 'recoveryEmail',
        from: user.recovery_email,
        to: restored,
        sessionsEnded: ended,
      });
      return user.email;
    });
    return { email, recoveryEmail: restored };
  }

  /** Puts `address` in force and mails the primary a notice with an undo link to the one before. */
  private async apply(trx: Executor, user: UserRow, address: string | null, client: ClientInfo): Promise<void> {
    const now = this.clock.now();
    await this.users.update(trx, user.id, { recovery_email: address, updated_at: iso(now) });
    const undo = await issueMailLink(trx, {
      userId: user.id,
      purpose: 'recovery_email_undo',
      email: user.recovery_email,
      now,
      ttlMs: RECOVERY_UNDO_TTL_MS,
      replace: false,
    });
    await this.mail.enqueueNotice(trx, user, 'recovery_email_changed', {
      link: `${this.origin}/undo-email?token=${undo}&address=recovery`,
      recoveryEmail: address,
      days: RECOVERY_UNDO_TTL_MS / 86_400_000,
    }, client);
    await this.activity.record(trx, user.id, 'email_changed', client, { field: 'recoveryEmail', from: user.recovery_email, to: address });
  }
}
