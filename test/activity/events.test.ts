import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventType } from '../../src/features/activity/event-types.js';
import { STRONG_PASSWORD, type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { allEvents } from '../helpers/activity.js';
import { startLogin, totpCode, twoFactorUser } from '../helpers/twofactor.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

describe('GET /api/v1/profile/events', () => {
  it('tells the whole story of an account, newest first, with ip and browser', async () => {
    const { client: admin } = await t.signedInUser({ role: 'admin' });
    const account = await twoFactorUser(t); // account_created, sign_in_succeeded, twofactor_enabled
    const { user, client } = account;
    const step = () => t.clock.advance(30_000);

    step();
    await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: 'wrong password' });
    step();
    const bad = await startLogin(t, user);
    await bad.client.post('/api/v1/auth/login/second-factor', { ticket: bad.ticket, code: totpCode(t, account.secret, 5) });
    step();
    const good = await startLogin(t, user);
    await good.client.post('/api/v1/auth/login/second-factor', { ticket: good.ticket, code: account.recoveryCodes[0] });
    step();
    expect((await client.post('/api/v1/profile/twofactor/recovery-codes')).status).toBe(200);
    step();
    expect((await client.patch('/api/v1/profile', { email: `new-${user.email}`, password: user.password })).status).toBe(200);
    step();
    expect((await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD, newPassword: 'a new long passphrase 99' })).status).toBe(204);
    user.password = 'a new long passphrase 99';
    step();
    const pending = await startLogin(t, user);
    await pending.client.post('/api/v1/auth/login/second-factor', { ticket: pending.ticket, code: totpCode(t, account.secret) });
    const otherId = (await client.get('/api/v1/sessions')).body.items.find((s: any) => !s.current).id;
    step();
    expect((await client.delete(`/api/v1/sessions/${otherId}`)).status).toBe(204);
    step();
    expect((await client.post('/api/v1/profile/twofactor/totp/disable', { password: user.password })).status).toBe(204);
    step();
    const { secret } = (await client.post('/api/v1/profile/twofactor/totp/setup')).body;
    expect((await client.post('/api/v1/profile/twofactor/totp/enable', { code: totpCode(t, secret) })).status).toBe(200);
    step();
    expect((await admin.post(`/api/v1/admin/users/${user.id}/twofactor/reset`)).status).toBe(200);

    const fresh = await t.login(user);
    const items = await allEvents(fresh);
    // oldest first; events of one transaction (recovery_code_used + sign_in_succeeded) keep their order too
    const types = items.map((e) => e.type).reverse();
    expect(types).toEqual([
      'account_created',
      'sign_in_succeeded',
      'twofactor_enabled',
      'sign_in_failed',
      'second_factor_failed',
      'recovery_code_used',
      'sign_in_succeeded',
      'recovery_codes_regenerated',
      'email_change_requested',
      'password_changed',
      'sign_in_succeeded',
      'session_revoked',
      'twofactor_disabled',
      'twofactor_enabled',
      'twofactor_reset_by_admin',
      'sign_in_succeeded',
    ] satisfies EventType[]);
    const byType = (type: string) => items.filter((e) => e.type === type);
    expect(byType('sign_in_failed')[0]).toMatchObject({ ip: '127.0.0.1', browser: 'Firefox 128', os: 'Linux', details: { reason: 'wrong_password' } });
    expect(byType('second_factor_failed')[0]).toMatchObject({ ip: '127.0.0.1', browser: 'Firefox 128', details: { reason: 'wrong_code', context: 'sign_in' } });
    expect(byType('recovery_code_used')[0].details).toMatchObject({ codesLeft: 9 });
    expect(byType('recovery_codes_regenerated')[0].details).toMatchObject({ count: 10 });
    expect(byType('email_change_requested')[0].details).toMatchObject({ to: `new-${user.email}` });
    expect(byType('session_revoked')[0].details).toMatchObject({ sessionId: otherId });
    expect(byType('twofactor_enabled')).toHaveLength(2);
    expect(byType('twofactor_disabled')).toHaveLength(1);
    expect(byType('twofactor_reset_by_admin')[0].details).toMatchObject({ via: 'api' });
    expect(byType('password_changed')).toHaveLength(1);
    // sign-ins: the first (password only), recovery code, TOTP, and the last one after the reset
    expect(byType('sign_in_succeeded').map((e) => e.details.method).reverse()).toEqual(['password', 'password+recovery_code', 'password+totp', 'password']);
    // strictly newest first
    const times = items.map((e) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('pages with limit and cursor without gaps or repeats', async () => {
    const { user, client } = await t.signedInUser();
    for (let i = 0; i < 7; i++) {
      t.clock.advance(1_000);
      await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: 'wrong password' });
    }
    const all = (await allEvents(client)).map((e) => e.id);
    expect(all).toHaveLength(9); // created, signed in, 7 failures
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any } = await client.get(`/api/v1/profile/events?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((e: any) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it("shows only the signed-in user's own events", async () => {
    const alice = await t.signedInUser();
    const bob = await t.signedInUser();
    await t.anonymous().post('/api/v1/auth/login', { username: bob.user.username, password: 'wrong password' });
    const aliceIds = new Set((await allEvents(alice.client)).map((e) => e.id));
    for (const event of await allEvents(bob.client)) expect(aliceIds.has(event.id)).toBe(false);
    expect((await allEvents(alice.client)).map((e) => e.type).sort()).toEqual(['account_created', 'sign_in_succeeded']);
  });

  it.each([
    ['a forged cursor', 'invalid_cursor', '?cursor=Zm9yZ2Vk'],
    ['a cursor of JSON that is not ours', 'invalid_cursor', `?cursor=${Buffer.from('{"a":1}').toString('base64url')}`],
    ['limit 0', 'invalid_request', '?limit=0'],
    ['limit 1000', 'invalid_request', '?limit=1000'],
    ['a negative limit', 'invalid_request', '?limit=-1'],
  ])('given %s, then 400 %s', async (_name, code, query) => {
    const { client } = await t.signedInUser();
    expectProblem(await client.get(`/api/v1/profile/events${query}`), 400, code);
  });

  it('without a session, then 401', async () => {
    expectProblem(await t.anonymous().get('/api/v1/profile/events'), 401, 'unauthenticated');
  });
});

/**
 * Events are written in the same transaction as the change they describe: when writing the
 * event fails, the change does not happen either.
 */
describe('an event that cannot be written takes its change with it', () => {
  const activity = () => t.app.userhub.services.activity;
  const original = () => Object.getPrototypeOf(activity()).record;
  let failing: EventType | null = null;
  beforeAll(() => {
    const record = original();
    activity().record = async function (this: unknown, ...args: Parameters<typeof record>) {
      if (args[2] === failing) throw new Error(`injected failure writing ${failing}`);
      return record.apply(activity(), args);
    };
  });
  afterEach(() => {
    failing = null;
  });
  afterAll(() => {
    delete (activity() as { record?: unknown }).record;
  });
  const db = () => t.app.userhub.database.db;

  it('twofactor_enabled: 2FA stays off and no recovery codes exist', async () => {
    const { user, client } = await t.signedInUser();
    const { secret } = (await client.post('/api/v1/profile/twofactor/totp/setup')).body;
    failing = 'twofactor_enabled';
    expect((await client.post('/api/v1/profile/twofactor/totp/enable', { code: totpCode(t, secret) })).status).toBe(500);
    expect((await db().selectFrom('totp_credentials').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow()).confirmed_at).toBeNull();
    expect(await db().selectFrom('recovery_codes').selectAll().where('user_id', '=', user.id).execute()).toHaveLength(0);
  });

  it('sign_in_succeeded after a second factor: no session, the ticket and the code stay unused', async () => {
    const account = await twoFactorUser(t);
    const before = await db().selectFrom('sessions').selectAll().where('user_id', '=', account.user.id).execute();
    const { ticket, client } = await startLogin(t, account.user);
    failing = 'recovery_code_used';
    expect((await client.post('/api/v1/auth/login/second-factor', { ticket, code: account.recoveryCodes[0] })).status).toBe(500);
    expect(await db().selectFrom('sessions').selectAll().where('user_id', '=', account.user.id).execute()).toHaveLength(before.length);
    failing = null;
    expect((await client.post('/api/v1/auth/login/second-factor', { ticket, code: account.recoveryCodes[0] })).status).toBe(200);
  });

  it('twofactor_disabled, recovery_codes_regenerated, twofactor_reset_by_admin: nothing changes', async () => {
    const account = await twoFactorUser(t);
    const codes = async () => (await db().selectFrom('recovery_codes').select('code_hash').where('user_id', '=', account.user.id).execute()).map((r) => r.code_hash).sort();
    const before = await codes();
    failing = 'recovery_codes_regenerated';
    expect((await account.client.post('/api/v1/profile/twofactor/recovery-codes')).status).toBe(500);
    expect(await codes()).toEqual(before);
    failing = 'twofactor_disabled';
    expect((await account.client.post('/api/v1/profile/twofactor/totp/disable', { password: account.user.password })).status).toBe(500);
    failing = 'twofactor_reset_by_admin';
    await expect(t.app.userhub.services.twoFactor.resetByAdmin(account.user.id, null, null)).rejects.toThrow(/injected/);
    expect((await account.client.get('/api/v1/profile')).body.twoFactor).toEqual({ totp: true, passkeys: 0, recoveryCodesLeft: 10 });
    expect(await codes()).toEqual(before);
  });

  it('session_revoked: the session lives on', async () => {
    const { user, client } = await t.signedInUser();
    const other = await t.login(user);
    const target = (await client.get('/api/v1/sessions')).body.items.find((s: any) => !s.current);
    failing = 'session_revoked';
    expect((await client.delete(`/api/v1/sessions/${target.id}`)).status).toBe(500);
    expect((await client.delete('/api/v1/sessions')).status).toBe(500);
    expect((await other.get('/api/v1/profile')).status).toBe(200);
  });
});
