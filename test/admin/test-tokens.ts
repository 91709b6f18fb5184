import { randomBytes } from 'node:crypto';
import type { BearerResolver, TokenIdentity } from '../../src/http/authenticate.js';
import { findUserById } from '../../src/features/users/store.js';
import type { TestApp } from '../helpers/app.js';

/**
 * Stand-in for the API tokens feature (issue 4, another branch) so the admin guards can be
 * tested with `Authorization: Bearer`: tokens live in memory, and each request reads the
 * user row fresh from the database, as the real resolver does. Plug it in with
 * `setupApp({}, { bearer })`; revoke with `revoke(token)`.
 */
export class TestBearer implements BearerResolver {
  private readonly tokens = new Map<string, { userId: string; token: TokenIdentity }>();
  private app: TestApp | null = null;

  attach(app: TestApp): void {
    this.app = app;
  }

  issue(userId: string, scope: TokenIdentity['scope'] = 'readwrite'): string {
    const token = `uh_test_${randomBytes(16).toString('hex')}`;
    this.tokens.set(token, { userId, token: { id: randomBytes(8).toString('hex'), scope } });
    return token;
  }

  async resolve(value: string) {
    const found = this.tokens.get(value);
    if (!found || !this.app) return null;
    const user = await findUserById(this.app.app.userhub.database.db, found.userId);
    return user ? { user, token: found.token } : null;
  }
}
