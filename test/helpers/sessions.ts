import { TEST_ORIGIN, type TestApp } from '../helpers/app.js';
import { TestClient } from '../helpers/client.js';

/**
 * A signed-in client for any user without going through the password check: opens a session
 * with the session service, as a login would. For users that cannot log in here by password
 * (directory users while no directory runs).
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

/** Inserts a `source: ldap` user (as a sync would) without a directory; returns its id. */
export async function insertDirectoryUser(t: TestApp, username: string): Promise<string> {
  const db = t.app.userhub.database.db;
  const now = t.clock.now().toISOString();
  const id = `ldap-${username}`;
  await db
    .insertInto('users')
    .values({
      id,
      username,
      display_name: `Directory ${username}`,
      email: `${username}@directory.example`,
      email_lower: `${username}@directory.example`,
      recovery_email: null,
      language: 'en',
      timezone: 'UTC',
      date_format: 'YYYY-MM-DD',
      newsletter: 0,
      role: 'user',
      source: 'ldap',
      disabled: 0,
      created_at: now,
      updated_at: now,
      notify_new_sign_in: 1,
    })
    .execute();
  await db.insertInto('directory_users').values({ user_id: id, external_id: `uuid-${username}`, dn: `uid=${username},dc=example`, synced_at: now, disabled_by_sync: 0 }).execute();
  return id;
}
