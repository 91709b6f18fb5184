import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/features/users/admin-service.js';
import { issueMailLink } from '../../src/mail/links.js';
import { type TestApp, setupApp, uniqueName } from '../helpers/app.js';
import { RACE_TIMEOUT_MS, RACE_TRIES } from '../helpers/race.js';

/**
 * An invitation link works once, also when it is opened in several tabs (or by a mail scanner
 * and the user) at the same instant: on PostgreSQL the requests really run at once.
 */
let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;

/** An invited user (no password) and a live invitation link of theirs, as the mail carries it. */
async function invitedUser() {
  const username = uniqueName('invited');
  const { user } = await t.app.userhub.services.adminUsers.create(SYSTEM, { username, email: `${username}@example.com`, password: null, invite: true }, null);
  const token = await issueMailLink(db(), { userId: user.id, purpose: 'invitation', email: user.email, now: t.clock.now(), ttlMs: 7 * 24 * 3_600_000, replace: true });
  return { user, token };
}

describe('accepting an invitation, raced', () => {
  it(`given one invitation accepted twice at once, then exactly one 200 sets the password and signs in; the other is 400 token_invalid (${RACE_TRIES} tries)`, async () => {
    for (let i = 0; i < RACE_TRIES; i++) {
      const { user, token } = await invitedUser();
      const passwords = [`the first tab's passphrase ${i}`, `the second tab's passphrase ${i}`];
      const results = await Promise.all(passwords.map((newPassword) => t.anonymous().post('/api/v1/auth/invitation', { token, newPassword })));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200), `try ${i}: ${JSON.stringify(results.map((r) => r.body))}`).toHaveLength(1);
      const loser = results.find((r) => r.status !== 200)!;
      expect(loser.status, `try ${i}`).toBe(400);
      expect(loser.body.code).toBe('token_invalid');
      expect(loser.headers['set-cookie']).toBeUndefined();

      const sessions = await db().selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
      expect(sessions, `try ${i}`).toHaveLength(1);
      const accepted = await db().selectFrom('security_events').select('id').where('user_id', '=', user.id).where('type', '=', 'invitation_accepted').execute();
      expect(accepted, `try ${i}`).toHaveLength(1);
      const winner = passwords[statuses.indexOf(200)] as string;
      t.clock.advance(61_000);
      expect((await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: winner })).status, `try ${i}`).toBe(200);
      expect((await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: passwords[1 - statuses.indexOf(200)] })).status, `try ${i}`).toBe(401);
    }
  }, RACE_TIMEOUT_MS);
});
