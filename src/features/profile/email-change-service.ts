import type { Db, Executor, MailLinkRow, UserRow } from '../../db/schema.js';
import type { ClientInfo } from '../../http/client-info.js';
import { conflict } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import type { MailPermit, MailService } from '../../mail/service.js';
import { consumeByIdAndUserId, findNewestLiveByUserId, revokeLiveByUserId } from '../../mail/link-store.js';
import { type MailLinkPurpose, findLiveMailLink, issueMailLink, linkInvalid, pendingAddressJoin } from '../../mail/links.js';
import type { ActivityService } from '../activity/service.js';
import type { Budgets } from '../budgets/service.js';
import type { SessionService } from '../sessions/service.js';
import { type UserService, isUniqueViolation } from '../users/service.js';
import { ALL_MAILED_LINKS, type RecoveryEmailService } from './recovery-email-service.js';

export const EMAIL_CONFIRM_TTL_MS = 24 * 3_600_000;
export const EMAIL_UNDO_TTL_MS = 7 * 86_400_000;

const HOUR_MS = 3_600_000;
/** Checks of a new address against the users, per user and per IP address and hour (then 429). */
export const EMAIL_CHECKS_PER_USER_PER_HOUR = 10;
export const EMAIL_CHECKS_PER_IP_PER_HOUR = 30;

/** Also at confirming or undoing a link, whose request has no `email` field: the PATCH names it (assertAvailable). */
const emailTaken = () => conflict('email_taken', 'This email address is in use.');

/** The answer of a confirm or undo link: the primary address now, and the recovery address when the link was about it. */
export interface AddressResult {
  email: string;
  recoveryEmail?: string | null;
}

export type AddressKind = 'primary' | 'recovery';
export type AddressLinkAction = 'confirm' | 'undo';

/** The four address links: which address each is about and what opening it does. */
const ADDRESS_LINKS: readonly { purpose: MailLinkPurpose; kind: AddressKind; action: AddressLinkAction }[] = [
  { purpose: 'email_confirm', kind: 'primary', action: 'confirm' },
  { purpose: 'email_undo', kind: 'primary', action: 'undo' },
  { purpose: 'recovery_email_confirm', kind: 'recovery', action: 'confirm' },
  { purpose: 'recovery_email_undo', kind: 'recovery', action: 'undo' },
];

/** What an address link is about, for its page (EmailChangeService.inspect). */
export interface AddressLinkInspection {
  /** confirm: the new address; undo: the address that comes back (null: a recovery undo back to none) */
  address: string | null;
  kind: AddressKind;
  action: AddressLinkAction;
  username: string;
  /** undo only: the address in force now, which the undo replaces (null: no recovery address) */
  current?: string | null;
  expiresAt: string;
}

export interface EmailChangeServiceOptions {
  users: UserService;
  db: Db;
  clock: Clock;
  mail: MailService;
  budgets: Budgets;
  sessions: SessionService;
  activity: ActivityService;
  recovery: RecoveryEmailService;
  origin: string;
}

/**
 * Changing the primary email address, in three steps:
 * 1. `request` (from PATCH /profile, after re-authentication): the new address is held as
 *    pending and a confirmation link (24 h) goes to it; a newer request replaces the pending one;
 * 2. `confirm` (the link is the proof, no session needed): the address changes, and the
 *    old address gets a notice with an undo link valid 7 days;
 * 3. `undo`: the old address comes back, every session ends, and every outstanding mail link
 *    of the user (pending changes, other undo links, password reset) dies.
 * The confirm and undo links of the recovery address (RecoveryEmailService) come to the same
 * two endpoints: the link's purpose says which address it is about.
 */
export class EmailChangeService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly mail: MailService;
  private readonly budgets: Budgets;
  private readonly sessions: SessionService;
  private readonly activity: ActivityService;
  private readonly recovery: RecoveryEmailService;
  private readonly origin: string;
  private readonly users: UserService;

  constructor(options: EmailChangeServiceOptions) {
    this.users = options.users;
    this.db = options.db;
    this.clock = options.clock;
    this.mail = options.mail;
    this.budgets = options.budgets;
    this.sessions = options.sessions;
    this.activity = options.activity;
    this.recovery = options.recovery;
    this.origin = options.origin;
  }

  /**
   * Whether another user has the address. Every check counts, whatever its answer, so that
   * addresses cannot be probed at speed.
   * @throws 429 rate_limited past the budget, 409 email_taken
   */
  async assertAvailable(user: UserRow, email: string, client: ClientInfo): Promise<void> {
    await this.budgets.take([
      { key: `email-check-user:${user.id}`, windows: [{ windowMs: HOUR_MS, max: EMAIL_CHECKS_PER_USER_PER_HOUR }] },
      { key: `email-check-ip:${client.ip}`, windows: [{ windowMs: HOUR_MS, max: EMAIL_CHECKS_PER_IP_PER_HOUR }] },
    ]);
    if (await this.users.isEmailTaken(email, user.id)) throw emailTaken().forField('email');
  }

  /** Before the transaction: the confirmation mail's budgets. @throws 429 rate_limited */
  reserve(user: UserRow, newEmail: string): Promise<MailPermit<'email_confirm'>> {
    return this.mail.reserve(user.id, newEmail, 'email_confirm');
  }

  /** In the caller's transaction; the caller kicks the mail worker after commit. */
  async request(trx: Executor, user: UserRow, newEmail: string, permit: MailPermit<'email_confirm'>, client: ClientInfo): Promise<void> {
    const secret = await issueMailLink(trx, {
      userId: user.id,
      purpose: 'email_confirm',
      email: newEmail,
      now: this.clock.now(),
      ttlMs: EMAIL_CONFIRM_TTL_MS,
      replace: true,
    });
    await this.mail.enqueueLink(trx, user, permit, {
      link: `${this.origin}/confirm-email?token=${secret}`,
      newEmail,
      hours: EMAIL_CONFIRM_TTL_MS / 3_600_000,
    });
    await this.activity.record(trx, user.id, 'email_change_requested', client, { to: newEmail });
  }

  /** The address waiting for confirmation, or null. */
  /** The pending address as a column of the caller's row (see UserJoin). */
  readonly pendingJoin = pendingAddressJoin('email_confirm');

  async pendingEmail(userId: string): Promise<string | null> {
    const row = await findNewestLiveByUserId(this.db, userId, 'email_confirm', iso(this.clock.now()));
    return row?.email ?? null;
  }

  /**
   * What a confirm or undo link is about, for its page: which address of whose, and what opening
   * it does. Reads only: the link stays as it was.
   * @throws 400 token_invalid, as confirm and undo do for the same link
   */
  async inspect(secret: string): Promise<AddressLinkInspection> {
    const { row, kind, action } = await this.liveLink(secret, ['confirm', 'undo'], this.clock.now());
    const user = await this.users.findById(row.user_id);
    if (!user) throw linkInvalid();
    const inForce = kind === 'primary' ? user.email : user.recovery_email;
    return {
      address: row.email,
      kind,
      action,
      username: user.username,
      ...(action === 'undo' ? { current: inForce } : {}),
      expiresAt: row.expires_at,
    };
  }

  /**
   * The one rule of which address link works: live, of one of these actions, and naming an
   * address (only a recovery undo may restore none).
   */
  private async liveLink(secret: string, actions: readonly AddressLinkAction[], now: Date): Promise<{ row: MailLinkRow; kind: AddressKind; action: AddressLinkAction }> {
    const purposes = ADDRESS_LINKS.filter((link) => actions.includes(link.action)).map((link) => link.purpose);
    const row = await findLiveMailLink(this.db, secret, purposes, now);
    const link = ADDRESS_LINKS.find((candidate) => candidate.purpose === row?.purpose);
    if (!row || !link) throw linkInvalid();
    if (row.email === null && !(link.kind === 'recovery' && link.action === 'undo')) throw linkInvalid();
    return { row, kind: link.kind, action: link.action };
  }

  /** @throws 400 token_invalid, 409 email_taken (someone took the address meanwhile) */
  async confirm(secret: string, client: ClientInfo): Promise<AddressResult> {
    const now = this.clock.now();
    const { row, kind } = await this.liveLink(secret, ['confirm'], now);
    if (kind === 'recovery') return this.recovery.confirm(row, client);
    // liveLink refuses a primary link without an address; `??` only narrows the type
    const newEmail = row.email ?? '';
    try {
      await this.db.transaction().execute(async (trx) => {
        // the user's row first, as a lockdown, a reset and a password change take it
        await this.users.lockRow(trx, row.user_id);
        const user = await this.users.findById(row.user_id, trx);
        if (!user || !(await consumeByIdAndUserId(trx, row.id, user.id, iso(now)))) throw linkInvalid();
        if (await this.users.isEmailTaken(newEmail, user.id, trx)) throw emailTaken();
        await this.users.update(trx, user.id, { email: newEmail, updated_at: iso(now) });
        const undo = await issueMailLink(trx, {
          userId: user.id,
          purpose: 'email_undo',
          email: user.email,
          now,
          ttlMs: EMAIL_UNDO_TTL_MS,
          replace: false,
        });
        await this.mail.enqueueNotice(trx, user, 'email_changed', {
          link: `${this.origin}/undo-email?token=${undo}`,
          newEmail,
          days: EMAIL_UNDO_TTL_MS / 86_400_000,
        }, client);
        await this.activity.record(trx, user.id, 'email_changed', client, { from: user.email, to: newEmail });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    this.mail.kick();
    return { email: newEmail };
  }

  /** @throws 400 token_invalid, 409 email_taken (the old address was taken by someone else meanwhile) */
  async undo(secret: string, client: ClientInfo): Promise<AddressResult> {
    const now = this.clock.now();
    const { row, kind } = await this.liveLink(secret, ['undo'], now);
    if (kind === 'recovery') return this.recovery.undo(row, client);
    // liveLink refuses a primary link without an address; `??` only narrows the type
    const restored = row.email ?? '';
    try {
      await this.db.transaction().execute(async (trx) => {
        // the user's row first, as a lockdown, a reset and a password change take it
        await this.users.lockRow(trx, row.user_id);
        const user = await this.users.findById(row.user_id, trx);
        if (!user || !(await consumeByIdAndUserId(trx, row.id, user.id, iso(now)))) throw linkInvalid();
        if (await this.users.isEmailTaken(restored, user.id, trx)) throw emailTaken();
        await this.users.update(trx, user.id, { email: restored, updated_at: iso(now) });
        await revokeLiveByUserId(trx, user.id, ALL_MAILED_LINKS, iso(now));
        const ended = await this.sessions.endAllForUser(trx, user.id, 'email_change_undone');
        await this.activity.record(trx, user.id, 'email_change_undone', client, { from: user.email, to: restored, sessionsEnded: ended });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    return { email: restored };
  }
}
