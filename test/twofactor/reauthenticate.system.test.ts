import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { oathtool } from '../helpers/oathtool.js';
import { nextStep, twoFactorUser } from '../helpers/twofactor.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const REAUTH = '/api/v1/auth/reauthenticate';
const SENSITIVE = '/api/v1/profile/twofactor/recovery-codes';
const WINDOW = 15 * 60_000;

describe('POST /api/v1/auth/reauthenticate', () => {
  it('given the password, then 204 and sensitive changes are open for the window, closed after it', async () => {
    const { user, client } = await t.signedInUser();
    t.clock.advance(WINDOW + 1_000);
    expectProblem(await client.post('/api/v1/profile/twofactor/totp/setup'), 403, 'reauthentication_required');
    expect((await client.post(REAUTH, { password: user.password })).status).toBe(204);
    t.clock.advance(WINDOW - 60_000);
    expect((await client.post('/api/v1/profile/twofactor/totp/setup')).status).toBe(200);
    t.clock.advance(61_000);
    expectProblem(await client.post('/api/v1/profile/twofactor/totp/setup'), 403, 'reauthentication_required');
  });

  it('given a TOTP code from oathtool, then 204; the same code again is refused with 403 code_already_used', async () => {
    const account = await twoFactorUser(t);
    t.clock.advance(WINDOW + 1_000);
    expectProblem(await account.client.post(SENSITIVE), 403, 'reauthentication_required');
    const code = oathtool(t, account.secret);
    expect((await account.client.post(REAUTH, { code })).status).toBe(204);
    expect((await account.client.post(SENSITIVE)).status).toBe(200);
    expectProblem(await account.client.post(REAUTH, { code }), 403, 'code_already_used');
    nextStep(t);
  });

  it('given two re-authentications racing with one code, then exactly one 204', async () => {
    const account = await twoFactorUser(t);
    const code = oathtool(t, account.secret);
    const results = await Promise.all([account.client.post(REAUTH, { code }), account.client.post(REAUTH, { code })]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 403]);
    nextStep(t);
  });

  it('given a wrong or stale code, then 403 invalid_code, recorded on the timeline, and the window stays closed', async () => {
    const account = await twoFactorUser(t);
    t.clock.advance(WINDOW + 1_000);
    for (const offset of [-3, 3]) {
      expectProblem(await account.client.post(REAUTH, { code: oathtool(t, account.secret, offset) }), 403, 'invalid_code');
    }
    expectProblem(await account.client.post(SENSITIVE), 403, 'reauthentication_required');
    const events = (await account.client.get('/api/v1/profile/events')).body.items;
    expect(events[0]).toMatchObject({ type: 'second_factor_failed', details: { reason: 'wrong_code', context: 'reauthenticate' } });
  });

  it('does not take recovery codes: they are for a lost device, not for unlocking settings', async () => {
    const account = await twoFactorUser(t);
    expectProblem(await account.client.post(REAUTH, { code: account.recoveryCodes[0] }), 400, 'malformed_code');
    const unused = await t.app.userhub.database.db
      .selectFrom('recovery_codes')
      .selectAll()
      .where('user_id', '=', account.user.id)
      .where('used_at', 'is', null)
      .execute();
    expect(unused).toHaveLength(10);
  });

  it('given a code while 2FA is off, then 409 totp_not_enabled', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.post(REAUTH, { code: '123456' }), 409, 'totp_not_enabled');
  });

  it.each([
    ['neither password nor code', 400, 'invalid_request', {}],
    ['both password and code', 400, 'invalid_request', { password: 'x', code: '123456' }],
    ['five digits', 400, 'malformed_code', { code: '12345' }],
    ['letters', 400, 'malformed_code', { code: 'abcdef' }],
    ['a JSON number', 400, 'invalid_request', { code: 123456 }],
    ['null', 400, 'invalid_request', { code: null }],
    ['a numeric password', 400, 'invalid_request', { password: 12345678 }],
  ])('given %s, then %i %s', async (_name, status, code, body) => {
    const account = await twoFactorUser(t);
    expectProblem(await account.client.post(REAUTH, body), status, code);
  });

  it('given a wrong password, then 403 invalid_password', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.post(REAUTH, { password: 'not my password' }), 403, 'invalid_password');
  });

  it('without a session, then 401', async () => {
    expectProblem(await t.anonymous().post(REAUTH, { code: '123456' }), 401, 'unauthenticated');
  });
});
