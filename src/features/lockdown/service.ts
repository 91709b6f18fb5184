import type { Db, Executor, MailLinkRow, UserRow } from '../../db/schema.js';
import type { ClientInfo } from '../../http/client-info.js';
import { type Clock, iso } from '../../lib/clock.js';
import { consumeByIdAndUserId, revokeLiveByUserId } from '../../mail/link-store.js';
import { findLiveMailLink, linkInvalid, maskAddress } from '../../mail/links.js';
import type { MailService } from '../../mail/service.js';
import type { ActivityService } from '../activity/service.js';
import { auditByUser } from '../audit/by.js';
import type { AuditService } from '../audit/service.js';
import { type PasswordResetService, type RevokesAll, resetAddressOf } from '../auth/password-reset-service.js';
import type { SessionService } from '../sessions/service.js';
import type { UserService } from '../users/service.js';

export interface LockdownServiceOptions {
  db: Db;
  clock: Clock;
  users: Pick<UserService, 'findById' | 'lockRow' | 'requirePasswordReset'>;
  sessions: Pick<SessionService, 'endAllForUser'>;
  credentials: { tokens: RevokesAll; appPasswords: RevokesAll };
  /** the apps' consents and tokens (single sign-on) */
  apps: { revokeAllForUser(trx: Executor, userId: string): Promise<number> };
  reset: Pick<PasswordResetService, 'reserveMail' | 'issueLink'>;
  /** pending sign-ins (a second step waiting) */
  tickets: { forgetTickets(ex: Executor, userId: string): Promise<void> };
  mail: Pick<MailService, 'kick'>;
  activity: Pick<ActivityService, 'record'>;
  /** a lockdown is on the admin audit too: admins see who pulled the brake */
  audit: Pick<AuditService, 'record'>;
}

/** What a lockdown did, for the page that tells the user. */
export interface LockdownResult {
  sessionsEnded: number;
  tokensRevoked: number;
  appPasswordsRevoked: number;
  appsRevoked: number;
  /** the reset link went to this address (masked); null: not sent (a directory account, or the mail budget was spent) */
  resetMailedTo: string | null;
  /** a directory account: its password is changed in the directory, not here */
  managedByDirectory: boolean;
}

/**
 * "This wasn't me": ends every session (the apps' too) and pending sign-ins, revokes every API
 * token, app password and app consent, and makes the next sign-in wait for a password reset. Its
 * link goes to the mailbox that got the notice (from a link), else to the recovery address.
 * 2FA and passkeys stay. Started from the link of a security notice (no
 * session; it can never sign anyone in) or by the signed-in user.
 */
export class LockdownService {
  constructor(private readonly options: LockdownServiceOptions) {}

  /**
   * Whose account a lockdown link locks, for its page. Reads only: the link stays as it was.
   * @throws 400 token_invalid, as byLink does for the same link
   */
  async inspect(token: string): Promise<{ username: string; expiresAt: string }> {
    const link = await this.liveLink(token);
    const user = await this.options.users.findById(link.user_id);
    if (!user) throw linkInvalid();
    return { username: user.username, expiresAt: link.expires_at };
  }

  /** @throws 400 token_invalid (unknown, used, expired or another kind of link) */
  async byLink(token: string, client: ClientInfo): Promise<LockdownResult> {
    const link = await this.liveLink(token);
    return this.lockdown(link.user_id, client, { via: 'link', linkId: link.id, notified: link.email });
  }

  /** The one rule of which lockdown link works, for byLink and inspect alike. */
  private async liveLink(token: string): Promise<MailLinkRow> {
    const link = await findLiveMailLink(this.options.db, token, 'lockdown', this.options.clock.now());
    if (!link) throw linkInvalid();
    return link;
  }

  async bySession(user: UserRow, client: ClientInfo): Promise<LockdownResult> {
    return this.lockdown(user.id, client, { via: 'session', linkId: null, notified: null });
  }

  /** `notified`: the address the link's notice went to; the reset goes there (else to the reset address). */
  private async lockdown(userId: string, client: ClientInfo, how: { via: 'link' | 'session'; linkId: string | null; notified: string | null }): Promise<LockdownResult> {
    const { db, users, sessions, credentials, apps, reset, tickets, activity, audit, mail } = this.options;
    const user = await users.findById(userId);
    if (!user) throw linkInvalid();
    const local = user.source === 'local';
    const resetTo = how.notified ?? resetAddressOf(user);
    // the reset mail's budget is taken before the transaction (it has its own); spent: no mail, the lockdown still happens
    const permit = local ? await reset.reserveMail(user, resetTo) : null;
    const result = await db.transaction().execute(async (trx) => {
      // under the user's row lock: a password change racing this one waits, then finds its session ended
      if (!(await users.lockRow(trx, user.id))) throw linkInvalid();
      const now = iso(this.options.clock.now());
      if (how.linkId && !(await consumeByIdAndUserId(trx, how.linkId, user.id, now))) throw linkInvalid();
      // the other lockdown links are moot; pending address changes (and an invitation) may be the intruder's
      await revokeLiveByUserId(trx, user.id, ['lockdown', 'email_confirm', 'recovery_email_confirm', 'invitation'], now);
      if (local) await users.requirePasswordReset(trx, user.id);
      const sessionsEnded = await sessions.endAllForUser(trx, user.id, 'lockdown');
      await tickets.forgetTickets(trx, user.id);
      const tokensRevoked = await credentials.tokens.revokeAllForUser(trx, user.id, client, 'lockdown');
      const appPasswordsRevoked = await credentials.appPasswords.revokeAllForUser(trx, user.id, client, 'lockdown');
      const appsRevoked = await apps.revokeAllForUser(trx, user.id);
      if (permit) await reset.issueLink(trx, user, permit);
      const resetMailedTo = permit ? maskAddress(resetTo) : null;
      await activity.record(trx, user.id, 'account_locked_down', client, {
        via: how.via,
        sessionsEnded,
        tokensRevoked,
        appPasswordsRevoked,
        appsRevoked,
        resetMailed: permit !== null,
      });
      await audit.record(trx, auditByUser(user, client), 'user_locked_down', { kind: 'user', id: user.id, label: user.username }, {
        via: how.via,
        sessionsEnded,
        tokensRevoked,
        appPasswordsRevoked,
        appsRevoked,
      });
      return { sessionsEnded, tokensRevoked, appPasswordsRevoked, appsRevoked, resetMailedTo, managedByDirectory: !local };
    });
    mail.kick();
    return result;
  }
}
