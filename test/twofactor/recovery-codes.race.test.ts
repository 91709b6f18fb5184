import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, setupApp } from '../helpers/app.js';
import { RACE_TIMEOUT_MS, RACE_TRIES } from '../helpers/race.js';
import { enableTotp, startLogin } from '../helpers/twofactor.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;
const liveCodes = async (userId: string) =>
  (await db().selectFrom('recovery_codes').select('id').where('user_id', '=', userId).where('used_at', 'is', null).execute()).length;

describe('recovery codes, raced', () => {
  it(`given two regenerations at once, then exactly one set of 10 codes lives, and it is one of the sets handed out (${RACE_TRIES} tries)`, async () => {
    const { user, client } = await t.signedInUser();
    await enableTotp(t, client);
    for (let i = 0; i < RACE_TRIES; i++) {
      const results = await Promise.all([client.post('/api/v1/profile/twofactor/recovery-codes'), client.post('/api/v1/profile/twofactor/recovery-codes')]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(await liveCodes(user.id), `try ${i}`).toBe(10);
    }
  }, RACE_TIMEOUT_MS);

  it(`given one recovery code on two sign-in tickets at once, then exactly one sign-in succeeds (${RACE_TRIES} tries)`, async () => {
    const { user, client } = await t.signedInUser();
    const { recoveryCodes } = await enableTotp(t, client);
    let codes = recoveryCodes;
    for (let i = 0; i < RACE_TRIES; i++) {
      if (codes.length === 0) {
        expect((await client.post('/api/v1/auth/reauthenticate', { password: user.password })).status).toBe(204);
        codes = (await client.post('/api/v1/profile/twofactor/recovery-codes')).body.recoveryCodes;
      }
      const code = codes.shift() as string;
      const [first, second] = [await startLogin(t, user), await startLogin(t, user)];
      const results = await Promise.all([
        first.client.post('/api/v1/auth/login/second-factor', { ticket: first.ticket, code }),
        second.client.post('/api/v1/auth/login/second-factor', { ticket: second.ticket, code }),
      ]);
      expect(results.map((r) => r.status).sort(), `try ${i}`).toEqual([200, 401]);
      t.clock.advance(61_000);
    }
  }, RACE_TIMEOUT_MS);
});
