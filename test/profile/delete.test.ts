import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { startLogin, totpCode, twoFactorUser } from '../helpers/twofactor.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;

/**
 * Every row anywhere that belongs to the user: each table with a `user_id` column (found by
 * introspection, so tables added later are covered too), the user row, and the login throttle's
 * counters for their username and email.
 */
async function rowsOf(user: { id: string; username: string; email: string }): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await db().introspection.getTables()) {
    if (!table.columns.some((c) => c.name === 'user_id')) continue;
    const row = await (db() as any)
      .selectFrom(table.name)
      .select((eb: any) => eb.fn.countAll().as('n'))
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    counts[table.name] = Number(row.n);
  }
  counts.users = (await db().selectFrom('users').selectAll().where('id', '=', user.id).execute()).length;
  counts.auth_failures = (
    await db()
      .selectFrom('auth_failures')
      .selectAll()
      .where('scope_key', '=', `user:${user.id}`)
      .execute()
  ).length;
  return counts;
}

const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

describe('DELETE /api/v1/profile', () => {
  it('given the password, then 204: the account and every row of it are gone, the session too, the username is free', async () => {
    const { user, client } = await t.signedInUser();
    const second = await t.login(user);
    await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: 'wrong password' });
    await t.anonymous().post('/api/v1/auth/login', { username: user.email, password: 'wrong password' });
    await client.post('/api/v1/profile/twofactor/totp/setup'); // a pending secret
    const bystander = await t.signedInUser();
    const bystanderBefore = await rowsOf(bystander.user);

    const before = await rowsOf(user);
    expect(before).toMatchObject({ users: 1, sessions: 2, totp_credentials: 1, auth_failures: 2 });
    expect(before.security_events).toBeGreaterThan(0);

    const res = await client.delete('/api/v1/profile', { password: user.password });
    expect(res.status).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(/userhub_session=;/);
    expect(nonZero(await rowsOf(user))).toEqual({});

    expectProblem(await second.get('/api/v1/profile'), 401, 'unauthenticated');
    expectProblem(await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: user.password }), 401, 'invalid_credentials');
    // the username and the email are free again, and the newcomer inherits nothing
    const again = await t.createUser({ username: user.username, email: user.email });
    expect(again.id).not.toBe(user.id);
    const newcomer = await t.login(again);
    expect((await newcomer.get('/api/v1/profile/events')).body.items.map((e: any) => e.type).sort()).toEqual(['account_created', 'sign_in_succeeded']);
    // nobody else lost anything
    expect(await rowsOf(bystander.user)).toEqual(bystanderBefore);
  });

  it('given 2FA on and a code from the authenticator, then 204 and no TOTP, recovery code, ticket or session row is left', async () => {
    const account = await twoFactorUser(t);
    await startLogin(t, account.user); // a pending ticket
    const other = await startLogin(t, account.user);
    expect((await other.client.post('/api/v1/auth/login/second-factor', { ticket: other.ticket, code: account.recoveryCodes[0] })).status).toBe(200);
    t.clock.advance(30_000);
    expect(await rowsOf(account.user)).toMatchObject({ users: 1, totp_credentials: 1, recovery_codes: 10, login_tickets: 1, sessions: 2 });

    const res = await account.client.delete('/api/v1/profile', { password: account.user.password, code: totpCode(t, account.secret) });
    expect(res.status).toBe(204);
    expect(nonZero(await rowsOf(account.user))).toEqual({});
    expectProblem(await other.client.get('/api/v1/profile'), 401, 'unauthenticated');
  });

  it('given 2FA on, then a recovery code also confirms the deletion', async () => {
    const account = await twoFactorUser(t);
    expect((await account.client.delete('/api/v1/profile', { password: account.user.password, code: account.recoveryCodes[5] })).status).toBe(204);
    expect(nonZero(await rowsOf(account.user))).toEqual({});
  });

  it.each([
    ['no code', 403, 'twofactor_code_required', {}],
    ['a wrong code', 403, 'invalid_code', { code: 'WRONG' }],
    ['a code 3 steps stale', 403, 'invalid_code', { code: 'STALE' }],
    ['five digits', 400, 'malformed_code', { code: '12345' }],
    ['letters', 400, 'malformed_code', { code: 'abcdef' }],
    ['a JSON number', 400, 'invalid_request', { code: 123456 }],
    ['null', 400, 'invalid_request', { code: null }],
  ])('given 2FA on and %s, then %i %s and nothing is deleted', async (_name, status, problem, extra: Record<string, unknown>) => {
    const account = await twoFactorUser(t);
    const before = await rowsOf(account.user);
    const right = totpCode(t, account.secret);
    const body: Record<string, unknown> = { password: account.user.password, ...extra };
    if (body.code === 'WRONG') body.code = right === '000000' ? '111111' : '000000';
    if (body.code === 'STALE') body.code = totpCode(t, account.secret, -3);
    expectProblem(await account.client.delete('/api/v1/profile', body), status, problem);
    // only the timeline and the throttle's counters may have grown (a wrong code is a failed attempt)
    const after = await rowsOf(account.user);
    expect({ ...after, security_events: 0, auth_failures: 0 }).toEqual({ ...before, security_events: 0, auth_failures: 0 });
    expect((await account.client.get('/api/v1/profile')).status).toBe(200);
  });

  it('given an already used code, then 403 code_already_used', async () => {
    const account = await twoFactorUser(t);
    const code = totpCode(t, account.secret);
    expect((await account.client.post('/api/v1/auth/reauthenticate', { code })).status).toBe(204);
    expectProblem(await account.client.delete('/api/v1/profile', { password: account.user.password, code }), 403, 'code_already_used');
    expect((await rowsOf(account.user)).users).toBe(1);
  });

  it('given a wrong or missing password, then 403 invalid_password / 400 and nothing is deleted', async () => {
    const { user, client } = await t.signedInUser();
    expectProblem(await client.delete('/api/v1/profile', { password: 'not my password' }), 403, 'invalid_password');
    expectProblem(await client.delete('/api/v1/profile', {}), 400, 'invalid_request');
    expectProblem(await client.delete('/api/v1/profile'), 400, 'invalid_request');
    expectProblem(await client.delete('/api/v1/profile', { password: 12345678 }), 400, 'invalid_request');
    expect((await rowsOf(user)).users).toBe(1);
    expect((await client.get('/api/v1/profile')).status).toBe(200);
  });

  it('given 2FA on and only the code (no password), then 400: the password is always required', async () => {
    const account = await twoFactorUser(t);
    expectProblem(await account.client.delete('/api/v1/profile', { code: totpCode(t, account.secret) }), 400, 'invalid_request');
    expect((await rowsOf(account.user)).users).toBe(1);
  });

  it('given the last administrator, then 409 last_admin; with another admin around, then 204', async () => {
    const existingAdmins = await db().selectFrom('users').select('id').where('role', '=', 'admin').execute();
    for (const admin of existingAdmins) await db().deleteFrom('users').where('id', '=', admin.id).execute();
    const first = await t.signedInUser({ role: 'admin' });
    expectProblem(await first.client.delete('/api/v1/profile', { password: first.user.password }), 409, 'last_admin');
    expect((await rowsOf(first.user)).users).toBe(1);
    await t.createUser({ role: 'admin' });
    expect((await first.client.delete('/api/v1/profile', { password: first.user.password })).status).toBe(204);
  });

  it('given two deletions racing, then one 204 and the other refused; no row left', async () => {
    // a few rounds: on PostgreSQL the two transactions overlap only now and then
    for (let round = 0; round < 5; round++) {
      const { user, client } = await t.signedInUser();
      const other: TestClient = await t.login(user);
      const results = await Promise.all([
        client.delete('/api/v1/profile', { password: user.password }),
        other.delete('/api/v1/profile', { password: user.password }),
      ]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses[0]).toBe(204);
      expect(statuses[1] === 204 || statuses[1] === 401 || statuses[1] === 403, `${statuses[1]} ${results.map((r) => r.text).join(' | ')}`).toBe(true);
      expect(nonZero(await rowsOf(user))).toEqual({});
    }
  });

  it('is one transaction: when a step fails midway, the sessions, codes and the user are all still there', async () => {
    const account = await twoFactorUser(t);
    const before = await rowsOf(account.user);
    const throttle = t.app.userhub.services.throttle;
    throttle.forgetUser = async () => {
      throw new Error('injected failure in the middle of the deletion');
    };
    try {
      const res = await account.client.delete('/api/v1/profile', { password: account.user.password, code: totpCode(t, account.secret) });
      expect(res.status).toBe(500);
    } finally {
      delete (throttle as { forgetUser?: unknown }).forgetUser;
    }
    const after = await rowsOf(account.user);
    expect({ ...after, security_events: 0 }).toEqual({ ...before, security_events: 0 });
    const sessions = await db().selectFrom('sessions').selectAll().where('user_id', '=', account.user.id).execute();
    expect(sessions.every((s) => s.ended_at === null)).toBe(true);
    expect((await account.client.get('/api/v1/profile')).status).toBe(200);
    // the TOTP code of that attempt was not used up either
    expect((await account.client.delete('/api/v1/profile', { password: account.user.password, code: totpCode(t, account.secret) })).status).toBe(204);
  });

  it('without a session, then 401; from another site, then 403 csrf_rejected', async () => {
    expectProblem(await t.anonymous().delete('/api/v1/profile', { password: 'whatever it is' }), 401, 'unauthenticated');
    const { user, client } = await t.signedInUser();
    expectProblem(await client.delete('/api/v1/profile', { password: user.password }, { headers: { origin: 'https://evil.example' } }), 403, 'csrf_rejected');
    expect((await rowsOf(user)).users).toBe(1);
  });
});
