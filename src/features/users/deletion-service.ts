import type { Db, Executor, UserRow } from '../../db/schema.js';
import type { InteractiveCaller } from '../../http/authenticate.js';
import type { ClientInfo } from '../../http/client-info.js';
import { forbidden, notFound, unauthorized } from '../../http/problem.js';
import type { MailService } from '../../mail/service.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { AuthService } from '../auth/service.js';
import type { SessionService } from '../sessions/service.js';
import { hasTotp } from '../twofactor/status.js';
import type { SecondFactorVerifier } from '../twofactor/verifier.js';
import { assertAnotherActiveAdmin } from './last-admin.js';
import * as store from './store.js';

export interface UserDeletionServiceOptions {
  db: Db;
  auth: Pick<AuthService, 'checkPassword'>;
  sessions: Pick<SessionService, 'endAllForUser'>;
  throttle: Pick<LoginThrottle, 'forgetUser'>;
  secondFactor: Pick<SecondFactorVerifier, 'withCode'>;
  /** the user's image files go after the rows (see MediaService.deleteAllForUser) */
  media: { deleteAllForUser(userId: string): Promise<void> };
  /** the farewell notice to the primary and the recovery address */
  mail: Pick<MailService, 'enqueueAccountDeleted' | 'kick'>;
}

/**
 * Deleting a user, by themselves or by an administrator (API, CLI): one transaction ends every
 * session, forgets the login throttle's counts and removes the user row, and with it (ON DELETE
 * CASCADE) everything that is theirs; never the last active admin. Their image files go once
 * the transaction has committed. The username and email become free.
 */
export class UserDeletionService {
  private readonly db: Db;
  private readonly auth: Pick<AuthService, 'checkPassword'>;
  private readonly sessions: Pick<SessionService, 'endAllForUser'>;
  private readonly throttle: Pick<LoginThrottle, 'forgetUser'>;
  private readonly secondFactor: Pick<SecondFactorVerifier, 'withCode'>;
  private readonly media: { deleteAllForUser(userId: string): Promise<void> };
  private readonly mail: Pick<MailService, 'enqueueAccountDeleted' | 'kick'>;

  constructor(options: UserDeletionServiceOptions) {
    this.db = options.db;
    this.auth = options.auth;
    this.sessions = options.sessions;
    this.throttle = options.throttle;
    this.secondFactor = options.secondFactor;
    this.media = options.media;
    this.mail = options.mail;
  }

  /**
   * The signed-in user deletes themselves: the password always, and a TOTP (or recovery) code
   * when 2FA is on (used up in the same transaction).
   * @throws 403 invalid_password | twofactor_code_required | invalid_code | code_already_used,
   *   400 malformed_code, 409 last_admin, 429 rate_limited
   */
  async deleteSelf(caller: InteractiveCaller, proof: { password: string; code?: string }, client: ClientInfo): Promise<void> {
    const user = caller.user;
    const ok = await this.auth.checkPassword(user.username, proof.password, client);
    if (!ok) throw forbidden('invalid_password', 'The password is wrong.').forField('password');
    if (!(await hasTotp(this.db, user.id))) {
      await this.db.transaction().execute((trx) => this.remove(trx, user.id, { self: true }));
    } else {
      if (proof.code === undefined) {
        throw forbidden('twofactor_code_required', 'Two-factor authentication is on: enter a code from your authenticator app too.').forField('code');
      }
      await this.secondFactor.withCode(user, proof.code, client, { context: 'delete_account', recoveryCodes: true, failureStatus: 403 }, (trx) =>
        this.remove(trx, user.id, { self: true }),
      );
    }
    this.mail.kick();
    await this.media.deleteAllForUser(user.id);
  }

  /**
   * Deletes a user by id (the admin API, the CLI). `authorize` (the admin API's role rules) runs
   * in the transaction, on the row as read there and again after the active admins are locked
   * (a concurrent promotion is seen), as the admin edits do; `onDeleted` (the audit) runs in it last.
   * @throws 404 user_not_found, 409 last_admin
   */
  async deleteById(
    id: string,
    authorize?: (trx: Executor, target: UserRow) => Promise<void>,
    onDeleted?: (trx: Executor, deleted: UserRow) => Promise<void>,
  ): Promise<UserRow> {
    const deleted = await this.db.transaction().execute(async (trx) => {
      const user = await store.findUserById(trx, id);
      if (!user) throw notFound('user_not_found', 'No such user.');
      await authorize?.(trx, user);
      await this.remove(trx, id, { authorize });
      await onDeleted?.(trx, user);
      return user;
    });
    this.mail.kick();
    await this.media.deleteAllForUser(id);
    return deleted;
  }

  private async remove(
    trx: Executor,
    userId: string,
    { self = false, authorize }: { self?: boolean; authorize?: (trx: Executor, target: UserRow) => Promise<void> },
  ): Promise<void> {
    await assertAnotherActiveAdmin(trx, userId);
    // The row lock serialises deletions of one user (two tabs, the user and an admin) and waits
    // for a concurrent edit (a promotion) to commit; the read after it sees what committed.
    // Admins first, then the target: the order the admin edits lock in.
    await store.lockUserRow(trx, userId);
    const user = await store.findUserById(trx, userId);
    if (!user) {
      // deleted meanwhile: for the user themselves that is their session gone with it
      throw self ? unauthorized('unauthenticated', 'Sign in first.') : notFound('user_not_found', 'No such user.');
    }
    if (authorize) await authorize(trx, user);
    await this.sessions.endAllForUser(trx, userId, 'account_deleted');
    await this.throttle.forgetUser(trx, userId);
    await this.mail.enqueueAccountDeleted(trx, user);
    await store.deleteUserById(trx, userId);
  }
}
