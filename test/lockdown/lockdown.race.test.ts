import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, setupApp } from '../helpers/app.js';
import { RACE_TIMEOUT_MS, RACE_TRIES } from '../helpers/race.js';
import { issueMailLink } from '../../src/mail/links.js';

/**
 * A lockdown under concurrency (on PostgreSQL the requests really run at once): it races the
 * intruder's password change, and another lockdown link. Either order must end with every
 * session gone and the account waiting for a reset.
 */
let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;
const lockdownLink = (userId: string) =>
  issueMailLink(db(), { userId, purpose: 'lockdown', email: null, now: t.clock.now(), ttlMs: 7 * 24 * 3_600_000, replace: false });
const activeSessions = async (userId: string) => (await db().selectFrom('sessions').select('id').where('user_id', '=', userId).where('ended_at', 'is', null).execute()).length;
const NEW_PASSWORD = 'the intruder’s new passphrase 9';

describe('lockdown, raced', () => {
  it(
    `given a lockdown and the intruder's password change at once, then every session ends and sign-in waits for a reset, whichever ran first (${RACE_TRIES} tries)`,
    async () => {
      for (let i = 0; i < RACE_TRIES; i++) {
        const { user, client } = await t.signedInUser();
        const token = await lockdownLink(user.id);
        t.clock.advance(61_000); // the password checks of earlier tries leave the minute budgets
        const [change, lockdown] = await Promise.all([
          client.put('/api/v1/profile/password', { currentPassword: user.password, newPassword: NEW_PASSWORD }),
          t.anonymous().post('/api/v1/auth/lockdown', { token }),
        ]);
        expect(lockdown.status, `try ${i}: ${JSON.stringify(lockdown.body)}`).toBe(200);
        expect([204, 401], `try ${i}: ${JSON.stringify(change.body)}`).toContain(change.status);
        expect(await activeSessions(user.id), `try ${i}`).toBe(0);
        const current = change.status === 204 ? NEW_PASSWORD : user.password;
        const signIn = await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: current });
        expect(signIn.status, `try ${i}`).toBe(403);
        expect(signIn.body.code).toBe('password_reset_required');
      }
    },
    RACE_TIMEOUT_MS,
  );

  it(
    `given two lockdown links used at once, then one locks the account and the other is 400 token_invalid (${RACE_TRIES} tries)`,
    async () => {
      for (let i = 0; i < RACE_TRIES; i++) {
        const { user } = await t.signedInUser();
        const [a, b] = [await lockdownLink(user.id), await lockdownLink(user.id)];
        const results = await Promise.all([a, b].map((token) => t.anonymous().post('/api/v1/auth/lockdown', { token })));
        expect(results.map((r) => r.status).sort(), `try ${i}`).toEqual([200, 400]);
        const events = await db().selectFrom('security_events').select('id').where('user_id', '=', user.id).where('type', '=', 'account_locked_down').execute();
        expect(events, `try ${i}`).toHaveLength(1);
      }
    },
    RACE_TIMEOUT_MS,
  );
});
