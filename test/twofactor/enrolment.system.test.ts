import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { eventTypes } from '../helpers/activity.js';
import { oathtool } from '../helpers/oathtool.js';
import { nextStep, startLogin, twoFactorUser } from '../helpers/twofactor.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const SETUP = '/api/v1/profile/twofactor/totp/setup';
const ENABLE = '/api/v1/profile/twofactor/totp/enable';
const DISABLE = '/api/v1/profile/twofactor/totp/disable';
const RECOVERY = '/api/v1/profile/twofactor/recovery-codes';
const FIFTEEN_MINUTES = 15 * 60_000;

const db = () => t.app.userhub.database.db;

describe('POST /api/v1/profile/twofactor/totp/setup', () => {
  it('returns a fresh secret, the otpauth URI with issuer Userhub and the email, and an SVG QR code', async () => {
    const { user, client } = await t.signedInUser();
    const res = await client.post(SETUP);
    expect(res.status).toBe(200);
    expect(res.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(res.body.otpauthUri).toBe(
      `otpauth://totp/Userhub:${encodeURIComponent(user.email)}?issuer=Userhub&secret=${res.body.secret}&algorithm=SHA1&digits=6&period=30`,
    );
    expect(res.body.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(res.body.qrSvg).toMatch(/<\/svg>\s*$/);
    const again = await client.post(SETUP);
    expect(again.body.secret).not.toBe(res.body.secret);
  });

  it('keeps the secret pending and encrypted at rest: the column never holds the secret itself', async () => {
    const { user, client } = await t.signedInUser();
    const { secret } = (await client.post(SETUP)).body;
    const row = await db().selectFrom('totp_credentials').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.confirmed_at).toBeNull();
    expect(row.secret_ciphertext).not.toContain(secret);
    expect(row.secret_ciphertext.startsWith('v1.')).toBe(true);
    expect(t.app.userhub.services.secretBox.open(row.secret_ciphertext)).toBe(secret);
    expect((await client.get('/api/v1/profile')).body.twoFactor).toEqual({ totp: false, passkeys: 0, recoveryCodesLeft: 0 });
    // a pending secret does not change how the user signs in
    expect((await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: user.password })).body.status).toBe('ok');
  });

  it('given 2FA already on, then 409 totp_already_enabled and the secret is unchanged', async () => {
    const account = await twoFactorUser(t);
    const before = await db().selectFrom('totp_credentials').selectAll().where('user_id', '=', account.user.id).executeTakeFirstOrThrow();
    expectProblem(await account.client.post(SETUP), 409, 'totp_already_enabled');
    const after = await db().selectFrom('totp_credentials').selectAll().where('user_id', '=', account.user.id).executeTakeFirstOrThrow();
    expect(after.secret_ciphertext).toBe(before.secret_ciphertext);
  });

  it('given a sign-in older than the re-authentication window, then 403 reauthentication_required unless the password comes along', async () => {
    const { user, client } = await t.signedInUser();
    t.clock.advance(FIFTEEN_MINUTES + 1_000);
    expectProblem(await client.post(SETUP), 403, 'reauthentication_required');
    expectProblem(await client.post(SETUP, { password: 'not my password' }), 403, 'invalid_password');
    expect((await client.post(SETUP, { password: user.password })).status).toBe(200);
  });

  it('without a session, then 401; from another site, then 403 csrf_rejected', async () => {
    expectProblem(await t.anonymous().post(SETUP), 401, 'unauthenticated');
    const { client } = await t.signedInUser();
    expectProblem(await client.post(SETUP, {}, { headers: { origin: 'https://evil.example' } }), 403, 'csrf_rejected');
  });

  it.each([
    ['a number as password', { password: 12 }],
    ['an empty password', { password: '' }],
    ['an array body', ['x']],
  ])('given %s, then 400 invalid_request', async (_name, body) => {
    const { client } = await t.signedInUser();
    expectProblem(await client.post(SETUP, body), 400, 'invalid_request');
  });
});

describe('POST /api/v1/profile/twofactor/totp/enable', () => {
  it('given a code from oathtool, then 10 distinct recovery codes once, stored only hashed, and 2FA is on', async () => {
    const { user, client } = await t.signedInUser();
    const { secret } = (await client.post(SETUP)).body;
    const res = await client.post(ENABLE, { code: oathtool(t, secret) });
    expect(res.status).toBe(200);
    const codes: string[] = res.body.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);

    const rows = await db().selectFrom('recovery_codes').selectAll().where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.used_at).toBeNull();
      for (const code of codes) {
        expect(row.code_hash).not.toContain(code);
        expect(row.code_hash).not.toContain(code.replace(/-/g, ''));
      }
    }
    const totp = await db().selectFrom('totp_credentials').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(totp.confirmed_at).not.toBeNull();
    expect((await client.get('/api/v1/profile')).body.twoFactor).toEqual({ totp: true, passkeys: 0, recoveryCodesLeft: 10 });
    expect(await eventTypes(client)).toContain('twofactor_enabled');
    // now a sign-in asks for the second factor
    const login = await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: user.password });
    expect(login.body).toMatchObject({ status: 'second_factor_required', methods: ['totp', 'recovery_code'] });
    expect(login.headers['set-cookie']).toBeUndefined();
  });

  it('accepts the code of the step before or after (clock drift of ±1 step)', async () => {
    for (const offset of [-1, 1]) {
      nextStep(t);
      const { client } = await t.signedInUser();
      const { secret } = (await client.post(SETUP)).body;
      expect((await client.post(ENABLE, { code: oathtool(t, secret, offset) })).status).toBe(200);
    }
  });

  it('given a code 3 steps stale or 3 steps early, then 422 invalid_code and 2FA stays off', async () => {
    nextStep(t);
    const { user, client } = await t.signedInUser();
    const { secret } = (await client.post(SETUP)).body;
    for (const offset of [-3, 3, -2, 2]) {
      expectProblem(await client.post(ENABLE, { code: oathtool(t, secret, offset) }), 422, 'invalid_code');
    }
    const totp = await db().selectFrom('totp_credentials').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(totp.confirmed_at).toBeNull();
    expect(await eventTypes(client)).not.toContain('twofactor_enabled');
    expect((await client.post(ENABLE, { code: oathtool(t, secret) })).status).toBe(200);
  });

  it.each([
    ['five digits', 422, 'invalid_code', { code: '12345' }],
    ['letters', 422, 'invalid_code', { code: 'abcdef' }],
    ['seven digits', 422, 'invalid_code', { code: '1234567' }],
    ['a JSON number', 400, 'invalid_request', { code: 123456 }],
    ['null', 400, 'invalid_request', { code: null }],
    ['no code', 400, 'invalid_request', {}],
    ['an empty string', 400, 'invalid_request', { code: '' }],
    ['a huge string', 400, 'invalid_request', { code: '1'.repeat(100_000) }],
    ['an object', 400, 'invalid_request', { code: { $gt: '' } }],
  ])('given %s, then %i %s and nothing changes', async (_name, status, code, body) => {
    const { user, client } = await t.signedInUser();
    await client.post(SETUP);
    expectProblem(await client.post(ENABLE, body), status, code);
    const totp = await db().selectFrom('totp_credentials').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(totp.confirmed_at).toBeNull();
    expect(await db().selectFrom('recovery_codes').selectAll().where('user_id', '=', user.id).execute()).toHaveLength(0);
  });

  it('accepts the code with the space authenticator apps show ("123 456")', async () => {
    const { client } = await t.signedInUser();
    const { secret } = (await client.post(SETUP)).body;
    const code = oathtool(t, secret);
    expect((await client.post(ENABLE, { code: `${code.slice(0, 3)} ${code.slice(3)}` })).status).toBe(200);
  });

  it('without a setup first, then 409 totp_setup_required', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.post(ENABLE, { code: '123456' }), 409, 'totp_setup_required');
  });

  it('given a second setup, then only the newest secret can be confirmed', async () => {
    const { client } = await t.signedInUser();
    const first = (await client.post(SETUP)).body.secret;
    const second = (await client.post(SETUP)).body.secret;
    expectProblem(await client.post(ENABLE, { code: oathtool(t, first) }), 422, 'invalid_code');
    expect((await client.post(ENABLE, { code: oathtool(t, second) })).status).toBe(200);
  });

  it('given 2FA already on, then 409 totp_already_enabled', async () => {
    const account = await twoFactorUser(t);
    expectProblem(await account.client.post(ENABLE, { code: oathtool(t, account.secret) }), 409, 'totp_already_enabled');
  });

  it('given the same code twice at once, then exactly one enable succeeds and there is one set of recovery codes', async () => {
    const { user, client } = await t.signedInUser();
    const { secret } = (await client.post(SETUP)).body;
    const code = oathtool(t, secret);
    const results = await Promise.all([client.post(ENABLE, { code }), client.post(ENABLE, { code })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await db().selectFrom('recovery_codes').selectAll().where('user_id', '=', user.id).execute()).toHaveLength(10);
    const events = (await client.get('/api/v1/profile/events?limit=100')).body.items.filter((e: any) => e.type === 'twofactor_enabled');
    expect(events).toHaveLength(1);
  });

  it('remembers the step of the enabling code: the same code cannot then sign in', async () => {
    const { user, client } = await t.signedInUser();
    const { secret } = (await client.post(SETUP)).body;
    const code = oathtool(t, secret);
    expect((await client.post(ENABLE, { code })).status).toBe(200);
    const { ticket, client: next } = await startLogin(t, user);
    expectProblem(await next.post('/api/v1/auth/login/second-factor', { ticket, code }), 401, 'code_already_used');
  });

  it('given an old sign-in, then 403 reauthentication_required unless the password comes along', async () => {
    const { user, client } = await t.signedInUser();
    const { secret } = (await client.post(SETUP)).body;
    t.clock.advance(FIFTEEN_MINUTES + 1_000);
    expectProblem(await client.post(ENABLE, { code: oathtool(t, secret) }), 403, 'reauthentication_required');
    expect((await client.post(ENABLE, { code: oathtool(t, secret), password: user.password })).status).toBe(200);
  });
});

describe('POST /api/v1/profile/twofactor/totp/disable', () => {
  it('given the password, then 204: the credential and recovery codes are gone and sign-in is one step again', async () => {
    const account = await twoFactorUser(t);
    const res = await account.client.post(DISABLE, { password: account.user.password });
    expect(res.status).toBe(204);
    expect(await db().selectFrom('totp_credentials').selectAll().where('user_id', '=', account.user.id).execute()).toHaveLength(0);
    expect(await db().selectFrom('recovery_codes').selectAll().where('user_id', '=', account.user.id).execute()).toHaveLength(0);
    expect((await account.client.get('/api/v1/profile')).body.twoFactor).toEqual({ totp: false, passkeys: 0, recoveryCodesLeft: 0 });
    expect(await eventTypes(account.client)).toContain('twofactor_disabled');
    const login = await t.anonymous().post('/api/v1/auth/login', { username: account.user.username, password: account.user.password });
    expect(login.body.status).toBe('ok');
  });

  it('kills pending sign-ins: a ticket issued before cannot complete', async () => {
    const account = await twoFactorUser(t);
    const { ticket, client } = await startLogin(t, account.user);
    expect((await account.client.post(DISABLE, { password: account.user.password })).status).toBe(204);
    expectProblem(await client.post('/api/v1/auth/login/second-factor', { ticket, code: oathtool(t, account.secret) }), 401, 'invalid_ticket');
  });

  it('always wants the password, even right after signing in', async () => {
    const account = await twoFactorUser(t);
    expectProblem(await account.client.post(DISABLE, {}), 400, 'invalid_request');
    expectProblem(await account.client.post(DISABLE, { password: 'wrong password' }), 403, 'invalid_password');
    expectProblem(await account.client.post(DISABLE, { password: null }), 400, 'invalid_request');
    expect((await account.client.get('/api/v1/profile')).body.twoFactor.totp).toBe(true);
    expect(await eventTypes(account.client)).not.toContain('twofactor_disabled');
  });

  it('given 2FA off, then 409 totp_not_enabled', async () => {
    const { user, client } = await t.signedInUser();
    expectProblem(await client.post(DISABLE, { password: user.password }), 409, 'totp_not_enabled');
    await client.post(SETUP); // a pending set-up is not "on" either
    expectProblem(await client.post(DISABLE, { password: user.password }), 409, 'totp_not_enabled');
  });
});

describe('POST /api/v1/profile/twofactor/recovery-codes', () => {
  it('gives a fresh set: the old codes stop working, the new ones work', async () => {
    const account = await twoFactorUser(t);
    const res = await account.client.post(RECOVERY);
    expect(res.status).toBe(200);
    expect(res.body.recoveryCodes).toHaveLength(10);
    for (const code of res.body.recoveryCodes) expect(account.recoveryCodes).not.toContain(code);
    expect(await db().selectFrom('recovery_codes').selectAll().where('user_id', '=', account.user.id).execute()).toHaveLength(10);
    expect(await eventTypes(account.client)).toContain('recovery_codes_regenerated');

    const old = await startLogin(t, account.user);
    expectProblem(await old.client.post('/api/v1/auth/login/second-factor', { ticket: old.ticket, code: account.recoveryCodes[0] }), 401, 'invalid_code');
    const fresh = await startLogin(t, account.user);
    expect((await fresh.client.post('/api/v1/auth/login/second-factor', { ticket: fresh.ticket, code: res.body.recoveryCodes[0] })).status).toBe(200);
    expect((await account.client.get('/api/v1/profile')).body.twoFactor.recoveryCodesLeft).toBe(9);
  });

  it('given an old sign-in, then 403 reauthentication_required; with the password or after re-authenticating, then 200', async () => {
    const account = await twoFactorUser(t);
    t.clock.advance(FIFTEEN_MINUTES + 1_000);
    expectProblem(await account.client.post(RECOVERY), 403, 'reauthentication_required');
    expect((await account.client.post(RECOVERY, { password: account.user.password })).status).toBe(200);
    t.clock.advance(FIFTEEN_MINUTES + 1_000);
    expect((await account.client.post('/api/v1/auth/reauthenticate', { code: oathtool(t, account.secret) })).status).toBe(204);
    expect((await account.client.post(RECOVERY)).status).toBe(200);
  });

  it('given 2FA off, then 409 totp_not_enabled', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.post(RECOVERY), 409, 'totp_not_enabled');
  });

  it('without a session, then 401', async () => {
    expectProblem(await t.anonymous().post(RECOVERY), 401, 'unauthenticated');
    nextStep(t);
  });
});
