import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { oathtool } from '../helpers/oathtool.js';
import { startLogin, twoFactorUser } from '../helpers/twofactor.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const SECOND = '/api/v1/auth/login/second-factor';

describe('second-factor failures and the login throttle', () => {
  it('given 10 wrong codes in a minute, then the account is throttled: password and code are refused with 429 until the window passes', async () => {
    const account = await twoFactorUser(t);
    const wrongFor = (right: string) => (right === '000000' ? '111111' : '000000');
    for (let round = 0; round < 2; round++) {
      const { ticket, client } = await startLogin(t, account.user);
      for (let i = 0; i < 5; i++) {
        expectProblem(await client.post(SECOND, { ticket, code: wrongFor(oathtool(t, account.secret)) }), 401, 'invalid_code');
      }
    }
    const blocked = await t.anonymous().post('/api/v1/auth/login', { username: account.user.username, password: account.user.password });
    expectProblem(blocked, 429, 'rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);

    // a signed-in session cannot be used to keep guessing codes either
    expectProblem(await account.client.post('/api/v1/auth/reauthenticate', { code: oathtool(t, account.secret) }), 429, 'rate_limited');

    t.clock.advance(61_000);
    const { ticket, client } = await startLogin(t, account.user);
    expect((await client.post(SECOND, { ticket, code: oathtool(t, account.secret) })).status).toBe(200);
  });

  it('given a ticket issued before the throttle kicked in, then even the right code is refused while throttled', async () => {
    const account = await twoFactorUser(t);
    const pending = await startLogin(t, account.user);
    for (let i = 0; i < 10; i++) {
      await t.anonymous().post('/api/v1/auth/login', { username: account.user.username, password: 'wrong password' });
    }
    expectProblem(await pending.client.post(SECOND, { ticket: pending.ticket, code: oathtool(t, account.secret) }), 429, 'rate_limited');
  });
});
