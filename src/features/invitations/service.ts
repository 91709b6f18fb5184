import type { Db, Executor, MailLinkRow, UserRow } from '../../db/schema.js';
import type { ClientInfo } from '../../http/client-info.js';
import { atField } from '../../http/problem.js';
import { type Clock, addMs, iso } from '../../lib/clock.js';
import { consumeByIdAndUserId, revokeLiveByUserId } from '../../mail/link-store.js';
import { findLiveMailLink, issueMailLink, linkInvalid } from '../../mail/links.js';
import type { MailPermit, MailService } from '../../mail/service.js';
import type { ActivityService } from '../activity/service.js';
import { assertMaySignIn } from '../auth/service.js';
import { assertPasswordAcceptable } from '../auth/password-policy.js';
import type { SessionService } from '../sessions/service.js';
import type { Invitations } from '../users/admin-service.js';
import type { PasswordPolicySource, UserService } from '../users/service.js';

/** An invitation link works once, for 7 days. */
export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

export interface InvitationServiceOptions {
  db: Db;
  clock: Clock;
  users: Pick<UserService, 'findById' | 'lockRow' | 'passwordHash' | 'hashPassword' | 'setPasswordHash'>;
  sessions: Pick<SessionService, 'start'>;
  activity: Pick<ActivityService, 'record'>;
  mail: Pick<MailService, 'reserve' | 'enqueueLink' | 'enqueueInvitation' | 'kick'>;
  /** the dashboard, for the link */
  origin: string;
  /** the admin's minimum password length (the instance settings) */
  policy: PasswordPolicySource;
}

/**
 * Invitations: an administrator creates a user without a password, and a mailed link lets the
 * user choose one and signs them in. The administrators' rules (who may invite whom, re-sending)
 * are AdminUserService's; this is the link, its mail and its acceptance.
 *
 * Rules:
 * 1. the link carries 256 random bits, is stored as SHA-256 (the `email_tokens` of every mailed
 *    link, purpose `invitation`), works once and for 7 days, and dies when a newer one is sent;
 * 2. the mail is in the user's language (chosen by the administrator at creation); the first one
 *    is not budgeted (once per account), a re-sent one is (the link mails' budgets);
 * 3. accepting needs a user who still has no password: one who set one by a password reset in
 *    the meantime cannot be taken over by the old link;
 * 4. accepting applies the password policy, then, in one transaction under the user's row lock,
 *    uses the link up (one conditional update: of two racing requests exactly one wins), kills
 *    the user's other invitation links, sets the password, records `invitation_accepted` and the
 *    sign-in, and opens the session.
 */
export class InvitationService implements Invitations {
  constructor(private readonly options: InvitationServiceOptions) {}

  /** The mail budget of an invitation sent again (before its transaction). @throws 429 rate_limited */
  reserve(user: UserRow): Promise<MailPermit<'invitation'>> {
    return this.options.mail.reserve(user.id, user.email, 'invitation');
  }

  /**
   * A new invitation link (older ones die) and its mail to the user's address, inside `trx`
   * (kick after commit). `permit` null: the first invitation, queued with the new account.
   */
  async issue(
    trx: Executor,
    user: UserRow,
    how: { permit: MailPermit<'invitation'> | null; invitedBy: UserRow | null },
    client: ClientInfo | null,
  ): Promise<void> {
    const { clock, mail, activity, origin } = this.options;
    const now = clock.now();
    const secret = await issueMailLink(trx, { userId: user.id, purpose: 'invitation', email: user.email, now, ttlMs: INVITATION_TTL_MS, replace: true });
    const vars = { link: `${origin}/invite?token=${secret}`, days: INVITATION_TTL_MS / 86_400_000, invitedBy: how.invitedBy?.display_name ?? null };
    if (how.permit) await mail.enqueueLink(trx, user, how.permit, vars);
    else await mail.enqueueInvitation(trx, user, vars);
    await activity.record(trx, user.id, 'invitation_sent', client, {
      by: how.invitedBy?.username ?? 'system',
      resent: how.permit !== null,
      expiresAt: iso(addMs(now, INVITATION_TTL_MS)),
    });
  }

  /** Kills the user's live invitation links, inside `ex` (their address changed). */
  revoke(ex: Executor, userId: string): Promise<number> {
    return revokeLiveByUserId(ex, userId, ['invitation'], iso(this.options.clock.now()));
  }

  /** Wakes the mail worker (after the transaction that queued an invitation committed). */
  kick(): void {
    this.options.mail.kick();
  }

  /**
   * What the invitation page shows before a password is typed: the username the link signs in
   * as. Reads only: the link stays as it was.
   * @throws what accept throws for the link: 400 token_invalid, 403 user_disabled | password_reset_required
   */
  async inspect(token: string): Promise<{ username: string; displayName: string; expiresAt: string }> {
    const { link, user } = await this.usableLink(token, this.options.clock.now());
    return { username: user.username, displayName: user.display_name, expiresAt: link.expires_at };
  }

  /** The one rule of which invitation link can be accepted, for accept and inspect alike. */
  private async usableLink(token: string, now: Date): Promise<{ link: MailLinkRow; user: UserRow }> {
    const link = await findLiveMailLink(this.options.db, token, 'invitation', now);
    if (!link) throw linkInvalid();
    const user = await this.options.users.findById(link.user_id);
    if (!user || user.invitation_pending !== 1) throw linkInvalid();
    assertMaySignIn(user);
    return { link, user };
  }

  /**
   * Accepts an invitation: the new password, then the user is signed in (a session with method
   * `password`).
   * @throws 400 token_invalid (unknown, used, expired, of another kind, or the user has a
   *   password by now), 403 user_disabled, 422 password policy codes, 503 hashing_busy
   */
  async accept(token: string, newPassword: string, client: ClientInfo): Promise<{ user: UserRow; session: { token: string; maxAgeSeconds: number } }> {
    const { db, clock, users, sessions, activity, policy } = this.options;
    const now = clock.now();
    const { link, user } = await this.usableLink(token, now);
    const { passwordPolicy } = await policy.current();
    atField('newPassword', () => assertPasswordAcceptable(newPassword, { username: user.username, email: user.email, minLength: passwordPolicy.minLength }));
    const passwordHash = await users.hashPassword(newPassword);

    const result = await db.transaction().execute(async (trx) => {
      // the user's row first, as a reset, a password change and a lockdown take it
      if (!(await users.lockRow(trx, user.id))) throw linkInvalid();
      if (!(await consumeByIdAndUserId(trx, link.id, user.id, iso(now)))) throw linkInvalid();
      const fresh = await users.findById(user.id, trx);
      // a password set meanwhile (a reset) ends the invitation: the link cannot take the account over
      if (!fresh || fresh.invitation_pending !== 1 || (await users.passwordHash(user.id, trx)) !== null) throw linkInvalid();
      assertMaySignIn(fresh);
      await revokeLiveByUserId(trx, user.id, ['invitation'], iso(now));
      await users.setPasswordHash(trx, user.id, passwordHash);
      await activity.record(trx, user.id, 'invitation_accepted', client);
      const session = await sessions.start(trx, user.id, 'password', client);
      await activity.record(trx, user.id, 'sign_in_succeeded', client, { method: 'password', via: 'invitation' });
      return { user: { ...fresh, invitation_pending: 0, must_change_password: 0 }, session };
    });
    return result;
  }
}
