import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { passkeyUser } from '../helpers/passkeys.js';
import { runCli } from '../helpers/cli.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const OPTIONS = '/api/v1/auth/reauthenticate/passkey/options';
const REAUTH = '/api/v1/auth/reauthenticate';
const SENSITIVE = '/api/v1/profile/passkeys/registration/options';
const WINDOW = 15 * 60_000;
const db = () => t.app.userhub.database.db;

describe('re-authentication with a passkey', () => {
  it('a user-verified passkey opens sensitive changes for the window', async () => {
    const { client, device } = await passkeyUser(t);
    t.clock.advance(WINDOW + 1_000);
    expectProblem(await client.post(SENSITIVE), 403, 'reauthentication_required');
    const options = await client.post(OPTIONS);
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({ userVerification: 'required', allowCredentials: [{ id: device.credentialIds()[0] }] });
    expect((await client.post(REAUTH, { passkey: device.authenticate(options.body) })).status).toBe(204);
    expect((await client.post(SENSITIVE)).status).toBe(200);
  });

  it('refuses an answer without user verification (403 passkey_rejected), a replay and another session’s challenge (400)', async () => {
    const { user, client, device } = await passkeyUser(t);
    t.clock.advance(WINDOW + 1_000);
    const noUv = await client.post(REAUTH, { passkey: device.authenticate((await client.post(OPTIONS)).body, { userVerified: false }) });
    expectProblem(noUv, 403, 'passkey_rejected');
    const options = (await client.post(OPTIONS)).body;
    const answer = device.authenticate(options);
    expect((await client.post(REAUTH, { passkey: answer })).status).toBe(204);
    expectProblem(await client.post(REAUTH, { passkey: answer }), 400, 'passkey_challenge_expired');

    const ticket = (await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: user.password })).body.ticket;
    const other = t.anonymous();
    const otherOptions = (await other.post('/api/v1/auth/login/second-factor/passkey/options', { ticket })).body;
    expectProblem(await client.post(REAUTH, { passkey: device.authenticate(otherOptions) }), 400, 'passkey_challenge_expired');
    const events = (await client.get('/api/v1/profile/events')).body.items;
    expect(events.some((e: any) => e.type === 'second_factor_failed' && e.details.method === 'passkey' && e.details.context === 'reauthenticate')).toBe(true);
  });

  it('a user without passkeys: 409 no_passkeys; one of password, code or passkey, never two', async () => {
    const { user, client } = await t.signedInUser();
    expectProblem(await client.post(OPTIONS), 409, 'no_passkeys');
    expectProblem(await client.post(REAUTH, {}), 400, 'invalid_request');
    expectProblem(await client.post(REAUTH, { password: user.password, code: '123456' }), 400, 'invalid_request');
    expectProblem(await t.anonymous().post(OPTIONS), 401, 'unauthenticated');
  });
});

describe('the admin 2FA reset removes passkeys', () => {
  it('API: 200 says how many passkeys went; the user signs in with the password alone afterwards', async () => {
    const admin = await t.signedInUser({ role: 'admin' });
    const { user, client } = await passkeyUser(t);
    const res = await admin.client.post(`/api/v1/admin/users/${user.id}/twofactor/reset`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ totpRemoved: false, passkeysRemoved: 1, sessionsEnded: 1 });
    expectProblem(await client.get('/api/v1/profile'), 401, 'unauthenticated');
    expect(await db().selectFrom('passkeys').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
    const again = await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: user.password });
    expect(again.body.status).toBe('ok');
    expectProblem(await admin.client.post(`/api/v1/admin/users/${user.id}/twofactor/reset`), 409, 'totp_not_enabled');
  });

  it('CLI: userhub user reset-2fa says how many passkeys it removed', async () => {
    const { user } = await passkeyUser(t);
    const { code, out } = await runCli(t, ['user', 'reset-2fa', user.username]);
    expect(code).toBe(0);
    expect(out).toContain(`two-factor sign-in turned off for ${user.username}: removed 1 passkey(s); 1 session(s) ended`);
  });
});
