import type { Db, UserRow } from '../../db/schema.js';
import type { ClientInfo } from '../../http/client-info.js';
import { forbidden, notFound, tooManyRequests } from '../../http/problem.js';
import type { CursorPosition } from '../../lib/cursor.js';
import type { MailService } from '../../mail/service.js';
import type { AccountService } from '../accounts/service.js';
import type { ActivityService } from '../activity/service.js';
import type { AuditService } from '../audit/service.js';
import type { PasswordResetService } from '../auth/password-reset-service.js';
import type { SessionService } from '../sessions/service.js';
import type { Executor } from '../../db/schema.js';
import { type Actor, type AdminUserService, activityByOf, assertCanManage, auditByActor } from './admin-service.js';
import type { UserService } from './service.js';

export interface AdminUserPageOptions {
  db: Db;
  users: Pick<UserService, 'findById' | 'lockRow'>;
  adminUsers: Pick<AdminUserService, 'get'>;
  sessions: Pick<SessionService, 'list' | 'endOneForUser' | 'endAllForUser'>;
  activity: Pick<ActivityService, 'list' | 'record'>;
  accounts: Pick<AccountService, 'allForUser'>;
  reset: Pick<PasswordResetService, 'reserveMail' | 'issueLink'>;
  mail: Pick<MailService, 'kick'>;
  audit: Pick<AuditService, 'record'>;
}

/**
 * What an admin (or a user manager, for plain users) sees and does on one user's page: their
 * sessions (end one or all), recent activity, memberships, and a password-reset mail. Every
 * read and act first passes the users table's rule (AdminUserService.get: who may see whom);
 * every act is on the user's timeline (naming the admin) and on the audit, in one transaction.
 */
export class AdminUserPage {
  constructor(private readonly options: AdminUserPageOptions) {}

  /** @throws 404 user_not_found, 403 admin_required */
  private async target(actor: Actor, id: string): Promise<UserRow> {
    await this.options.adminUsers.get(actor, id);
    const user = await this.options.users.findById(id);
    if (!user) throw notFound('user_not_found', 'No such user.');
    return user;
  }

  /** In an act's transaction: the user's row locked, and the rule checked again on it (a concurrent promotion is seen). */
  private async lockTarget(trx: Executor, actor: Actor, id: string): Promise<UserRow> {
    if (!(await this.options.users.lockRow(trx, id))) throw notFound('user_not_found', 'No such user.');
    const user = await this.options.users.findById(id, trx);
    if (!user) throw notFound('user_not_found', 'No such user.');
    assertCanManage(actor, user);
    return user;
  }

  async sessions(actor: Actor, id: string) {
    await this.target(actor, id);
    return (await this.options.sessions.list(id, null, 'active', 100, null)).items;
  }

  async events(actor: Actor, id: string, limit: number, before: CursorPosition | null) {
    await this.target(actor, id);
    return this.options.activity.list(id, limit, before);
  }

  async memberships(actor: Actor, id: string) {
    await this.target(actor, id);
    return this.options.accounts.allForUser(id);
  }

  /**
   * Ends one session (`sessionId`) or all of them; returns how many ended.
   * @throws 404 user_not_found | session_not_found, 403 admin_required
   */
  async endSessions(actor: Actor, id: string, sessionId: string | null, client: ClientInfo): Promise<number> {
    await this.target(actor, id);
    const { db, sessions, activity, audit } = this.options;
    return db.transaction().execute(async (trx) => {
      const user = await this.lockTarget(trx, actor, id);
      let ended: number;
      if (sessionId === null) ended = await sessions.endAllForUser(trx, id, 'ended_by_admin');
      else if (await sessions.endOneForUser(trx, id, sessionId, 'ended_by_admin')) ended = 1;
      else throw notFound('session_not_found', 'No such active session.');
      if (ended > 0) {
        await activity.record(trx, id, 'session_revoked', client, { ...(sessionId ? { sessionId } : { count: ended }), ...activityByOf(actor) });
        await audit.record(trx, auditByActor(actor, client), 'user_sessions_ended', { kind: 'user', id, label: user.username }, sessionId ? { sessionId } : { count: ended });
      }
      return ended;
    });
  }

  /**
   * Mails the user a password-reset link (to the recovery address, else the primary), as if they
   * had asked. @throws 403 managed_by_directory | user_disabled, 429 rate_limited (the mail budget of that address)
   */
  async sendPasswordReset(actor: Actor, id: string, client: ClientInfo): Promise<void> {
    const user = await this.target(actor, id);
    if (user.source !== 'local') throw forbidden('managed_by_directory', 'The directory manages this user’s password.');
    if (user.disabled === 1) throw forbidden('user_disabled', 'Enable the user first: a disabled user cannot reset their password.');
    const { db, reset, activity, audit, mail } = this.options;
    const permit = await reset.reserveMail(user);
    if (!permit) throw tooManyRequests(3600);
    await db.transaction().execute(async (trx) => {
      await this.lockTarget(trx, actor, id);
      await reset.issueLink(trx, user, permit);
      await activity.record(trx, id, 'password_reset_requested', client, activityByOf(actor));
      await audit.record(trx, auditByActor(actor, client), 'user_password_reset_sent', { kind: 'user', id, label: user.username });
    });
    mail.kick();
  }
}
