import type { Db, UserRow } from '../../db/schema.js';
import type { AuthContext } from '../../http/authenticate.js';
import type { ClientInfo } from '../../http/client-info.js';
import { forbidden, unauthorized } from '../../http/problem.js';
import type { Clock } from '../../lib/clock.js';
import type { AuditService } from '../audit/service.js';
import type { SessionService } from '../sessions/service.js';
import { findPasswordHash, findUserByEmail, findUserByUsername } from '../users/store.js';
import type { LoginThrottle } from './login-throttle.js';
import { verifyPassword } from './password-hasher.js';

/** Checks the password of a user whose password lives elsewhere (`source: ldap`): the directory. */
export interface ExternalPasswordVerifier {
  /** true/false for right/wrong; throws a Problem (503 directory_unavailable) when it cannot tell */
  verifyPassword(user: UserRow, password: string): Promise<boolean>;
}

export type LoginResult = { status: 'ok'; user: UserRow; session: { token: string; maxAgeSeconds: number } };

/** Sign-in by password; one generic answer for a wrong username and a wrong password. */
export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly reauthWindowMs: number,
    private readonly external: ExternalPasswordVerifier | null = null,
  ) {}

  /** The user named by a username or an email address, or undefined. */
  findAccount(login: string): Promise<UserRow | undefined> {
    const trimmed = login.trim();
    return trimmed.includes('@') ? findUserByEmail(this.db, trimmed) : findUserByUsername(this.db, trimmed);
  }

  /**
   * Checks the password and answers whether it is right, counting a failure against the
   * throttle (and the user's timeline) when it is not. Unknown users cost the same time.
   * @throws 429 rate_limited while the account or the IP is throttled, 503 directory_unavailable
   *   for a directory user while the directory cannot be reached
   */
  async checkPassword(login: string, password: string, client: ClientInfo): Promise<UserRow | null> {
    await this.throttle.assertAllowed(login, client.ip);
    const user = await this.findAccount(login);
    let ok: boolean;
    if (user?.source === 'ldap') {
      // directory users have no hash here: the directory checks the password (by an LDAP bind)
      ok = this.external ? await this.external.verifyPassword(user, password) : false;
    } else {
      const storedHash = user ? await findPasswordHash(this.db, user.id) : null;
      ok = await verifyPassword(storedHash, password);
    }
    if (ok && user) return user;
    await this.throttle.recordFailure(login, client.ip);
    if (user) await this.audit.record(this.db, user.id, 'sign_in_failed', client, { reason: 'wrong_password' });
    return null;
  }

  /**
   * @throws 401 invalid_credentials, 403 user_disabled (only after a right password), 429 rate_limited
   */
  async login(login: string, password: string, client: ClientInfo): Promise<LoginResult> {
    const user = await this.checkPassword(login, password, client);
    if (!user) throw unauthorized('invalid_credentials', 'The username or password is wrong.');
    if (user.disabled === 1) throw forbidden('user_disabled', 'This account is disabled. Ask an administrator.');
    const session = await this.db.transaction().execute(async (trx) => {
      const started = await this.sessions.start(trx, user.id, 'password', client);
      await this.audit.record(trx, user.id, 'sign_in_succeeded', client, { method: 'password' });
      return started;
    });
    return { status: 'ok', user, session };
  }

  async logout(sessionToken: string): Promise<void> {
    await this.sessions.endByToken(sessionToken, 'logout');
  }

  /**
   * Sensitive changes need the password in the same request, or a session that signed in or
   * re-authenticated within the window. API tokens never qualify.
   * @throws 403 interactive_session_required | invalid_password | reauthentication_required
   */
  async assertRecentlyAuthenticated(auth: AuthContext, password: string | undefined, client: ClientInfo): Promise<void> {
    if (auth.via !== 'session' || !auth.session) {
      throw forbidden('interactive_session_required', 'Sign in to the dashboard for this; API tokens cannot do it.');
    }
    if (password !== undefined) {
      const ok = await this.checkPassword(auth.user.username, password, client);
      if (!ok) throw forbidden('invalid_password', 'The password is wrong.');
      return;
    }
    const age = this.clock.now().getTime() - Date.parse(auth.session.reauthenticatedAt);
    if (age > this.reauthWindowMs) {
      throw forbidden('reauthentication_required', 'Confirm your password to continue.');
    }
  }

  /** Marks the session as recently authenticated after a right password. */
  async reauthenticate(auth: AuthContext, password: string, client: ClientInfo): Promise<void> {
    if (auth.via !== 'session' || !auth.session) {
      throw forbidden('interactive_session_required', 'Sign in to the dashboard for this; API tokens cannot do it.');
    }
    const ok = await this.checkPassword(auth.user.username, password, client);
    if (!ok) throw forbidden('invalid_password', 'The password is wrong.');
    await this.sessions.markReauthenticated(auth.session.id);
  }
}
