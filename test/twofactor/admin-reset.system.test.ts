import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { eventTypes } from '../helpers/activity.js';
import { runCli } from '../helpers/cli.js';
import { oathtool } from '../helpers/oathtool.js';
import { startLogin, twoFactorUser } from '../helpers/twofactor.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const resetUrl = (id: string) => `/api/v1/admin/users/${id}/twofactor/reset`;
const db = () => t.app.userhub.database.db;

describe('POST /api/v1/admin/users/{id}/twofactor/reset', () => {
  it("given an admin, then 200 with what was removed: 2FA is off, every session of the user ended (twofactor_reset), the event says who", async () => {
    const { user: admin, client: adminClient } = await t.signedInUser({ role: 'admin' });
    const account = await twoFactorUser(t);
    const second = await startLogin(t, account.user);
    const otherSession = second.client;
    expect((await otherSession.post('/api/v1/auth/login/second-factor', { ticket: second.ticket, code: oathtool(t, account.secret) })).status).toBe(200);

    const res = await adminClient.post(resetUrl(account.user.id));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ totpRemoved: true, passkeysRemoved: 0, sessionsEnded: 2 });

    expectProblem(await account.client.get('/api/v1/profile'), 401, 'unauthenticated');
    expectProblem(await otherSession.get('/api/v1/profile'), 401, 'unauthenticated');
    const sessions = await db().selectFrom('sessions').selectAll().where('user_id', '=', account.user.id).execute();
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    for (const session of sessions) expect(session).toMatchObject({ end_reason: 'twofactor_reset', ended_at: expect.any(String) });
    expect(await db().selectFrom('totp_credentials').selectAll().where('user_id', '=', account.user.id).execute()).toHaveLength(0);
    expect(await db().selectFrom('recovery_codes').selectAll().where('user_id', '=', account.user.id).execute()).toHaveLength(0);

    // the user signs in with the password alone and sees what happened
    const client = await t.login(account.user);
    expect((await client.get('/api/v1/profile')).body.twoFactor).toEqual({ totp: false, passkeys: 0, recoveryCodesLeft: 0 });
    const event = (await client.get('/api/v1/profile/events')).body.items.find((e: any) => e.type === 'twofactor_reset_by_admin');
    expect(event).toMatchObject({ details: { by: admin.username, via: 'api', sessionsEnded: 2 } });
    const ended = (await client.get('/api/v1/sessions?state=ended')).body.items;
    expect(ended.every((s: any) => s.endReason === 'twofactor_reset')).toBe(true);
  });

  it('given a user without 2FA, then 409 totp_not_enabled and their sessions live on', async () => {
    const { client: adminClient } = await t.signedInUser({ role: 'admin' });
    const { user, client } = await t.signedInUser();
    expectProblem(await adminClient.post(resetUrl(user.id)), 409, 'totp_not_enabled');
    expect((await client.get('/api/v1/profile')).status).toBe(200);
    expect(await eventTypes(client)).not.toContain('twofactor_reset_by_admin');
  });

  it('given an unknown id, then 404 user_not_found', async () => {
    const { client: adminClient } = await t.signedInUser({ role: 'admin' });
    expectProblem(await adminClient.post(resetUrl('no-such-user')), 404, 'user_not_found');
    expectProblem(await adminClient.post(resetUrl('x'.repeat(65))), 400, 'invalid_request');
  });

  it('given a non-admin, even the user themselves, then 403 admin_required and nothing changes', async () => {
    const account = await twoFactorUser(t);
    const { client: other } = await t.signedInUser();
    expectProblem(await other.post(resetUrl(account.user.id)), 403, 'admin_required');
    expectProblem(await account.client.post(resetUrl(account.user.id)), 403, 'admin_required');
    expectProblem(await t.anonymous().post(resetUrl(account.user.id)), 401, 'unauthenticated');
    expect((await account.client.get('/api/v1/profile')).body.twoFactor.totp).toBe(true);
  });

  it('given a user manager, then plain users may be reset but managers and admins not (403 admin_required)', async () => {
    const { client: manager } = await t.signedInUser({ role: 'usermanager' });
    const plain = await twoFactorUser(t);
    const admin = await twoFactorUser(t, { role: 'admin' });
    const otherManager = await twoFactorUser(t, { role: 'usermanager' });
    expectProblem(await manager.post(resetUrl(admin.user.id)), 403, 'admin_required');
    expectProblem(await manager.post(resetUrl(otherManager.user.id)), 403, 'admin_required');
    expect((await admin.client.get('/api/v1/profile')).body.twoFactor.totp).toBe(true);
    expect((await manager.post(resetUrl(plain.user.id))).status).toBe(200);
    expect((await t.login(plain.user)).cookie).toBeTruthy();
  });
});

describe('userhub user reset-2fa U', () => {
  const cli = (args: string[]) => runCli(t, args);

  it('turns 2FA off, ends the sessions and records the reset', async () => {
    const account = await twoFactorUser(t);
    const { code, out } = await cli(['user', 'reset-2fa', account.user.username]);
    expect(code).toBe(0);
    expect(out).toContain(`two-factor sign-in turned off for ${account.user.username}: removed TOTP and recovery codes, 0 passkey(s); 1 session(s) ended`);
    expectProblem(await account.client.get('/api/v1/profile'), 401, 'unauthenticated');
    const login = await t.anonymous().post('/api/v1/auth/login', { username: account.user.username, password: account.user.password });
    expect(login.body.status).toBe('ok');
    const client = await t.login(account.user);
    const event = (await client.get('/api/v1/profile/events')).body.items.find((e: any) => e.type === 'twofactor_reset_by_admin');
    expect(event).toMatchObject({ details: { by: null, via: 'cli', sessionsEnded: 1 } });
  });

  it('given an unknown user, then exit code 1 and a message', async () => {
    expect(await cli(['user', 'reset-2fa', 'nobody-at-all'])).toMatchObject({ code: 1, err: expect.stringContaining('no user named nobody-at-all') });
  });

  it('given a user without 2FA, then exit code 1, totp_not_enabled, and the sessions live on', async () => {
    const { user, client } = await t.signedInUser();
    expect(await cli(['user', 'reset-2fa', user.username])).toMatchObject({ code: 1, err: expect.stringContaining('totp_not_enabled') });
    expect((await client.get('/api/v1/profile')).status).toBe(200);
  });

  it('given no username, then exit code 1 and the usage', async () => {
    expect(await cli(['user', 'reset-2fa'])).toMatchObject({ code: 1, err: expect.stringContaining('needs a username') });
  });
});
