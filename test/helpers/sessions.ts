import { TEST_ORIGIN, type TestApp } from './app.js';
import { TestClient } from './client.js';

/** Sign-ins. `t.login(user)` signs in by password through the API and expects 200. */

/** One POST /auth/login as an anonymous client; the answer as it comes (no expectation). */
export function attemptLogin(t: TestApp, username: string, password: string) {
  return t.anonymous().post('/api/v1/auth/login', { username, password });
}

/**
 * A signed-in client for any user without going through the password check: opens a session
 * with the session service, as a login would. For users that cannot log in here by password
 * (directory users while no directory runs) or were made with `t.createUser`.
 */
export async function sessionFor(t: TestApp, userId: string): Promise<TestClient> {
  const { token } = await t.app.userhub.services.sessions.start(t.app.userhub.database.db, userId, 'password', {
    ip: '127.0.0.1',
    userAgent: 'test',
  });
  const client = new TestClient(t.app, TEST_ORIGIN);
  client.cookie = token;
  return client;
}
