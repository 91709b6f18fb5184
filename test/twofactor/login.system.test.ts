import { createHash } from 'node:crypto';
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

const SECOND = '/api/v1/auth/login/second-factor';
const db = () => t.app.userhub.database.db;
const sessionRows = (userId: string) => db().selectFrom('sessions').selectAll().where('user_id', '=', userId).execute();

describe('POST /api/v1/auth/login for a user with 2FA', () => {
  it('answers second_factor_required with a ticket and sets no cookie; no session exists, the ticket is stored hashed', async () => {
    const account = await twoFactorUser(t);
    const before = (await sessionRows(account.user.id)).length;
    const res = await t.anonymous().post('/api/v1/auth/login', { username: account.user.username, password: account.user.password });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'second_factor_required',
      ticket: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      methods: ['totp', 'recovery_code'],
      expiresAt: expect.any(String),
    });
    const lifetime = Date.parse(res.body.expiresAt) - t.clock.now().getTime();
    expect(lifetime).toBeGreaterThan(5 * 60_000 - 5_000);
    expect(lifetime).toBeLessThanOrEqual(5 * 60_000);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await sessionRows(account.user.id)).toHaveLength(before);
    const tickets = await db().selectFrom('login_tickets').selectAll().where('user_id', '=', account.user.id).execute();
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.token_hash).toBe(createHash('sha256').update(res.body.ticket).digest('hex'));
    expect(JSON.stringify(tickets)).not.toContain(res.body.ticket);
  });

  it('given a wrong password, then the usual 401 and no ticket', async () => {
    const account = await twoFactorUser(t);
    const res = await t.anonymous().post('/api/v1/auth/login', { username: account.user.username, password: 'wrong password' });
    expectProblem(res, 401, 'invalid_credentials');
    expect(await db().selectFrom('login_tickets').selectAll().where('user_id', '=', account.user.id).execute()).toHaveLength(0);
  });
});

describe('POST /api/v1/auth/login/second-factor', () => {
  it('given the ticket and a code from oathtool, then 200 with the cookie; the session says password+totp', async () => {
    const account = await twoFactorUser(t);
    const { ticket, client } = await startLogin(t, account.user);
    const res = await client.post(SECOND, { ticket, code: oathtool(t, account.secret) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', user: { id: account.user.id, username: account.user.username } });
    const cookie = res.headers['set-cookie'];
    expect(String(cookie)).toMatch(/userhub_session=.+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax/);
    expect((await client.get('/api/v1/profile')).body.twoFactor).toEqual({ totp: true, passkeys: 0, recoveryCodesLeft: 10 });
    const sessions = (await client.get('/api/v1/sessions')).body.items;
    expect(sessions.find((s: any) => s.current)).toMatchObject({ method: 'password+totp' });
    expect(await db().selectFrom('login_tickets').selectAll().where('user_id', '=', account.user.id).execute()).toHaveLength(0);
    const events = (await client.get('/api/v1/profile/events')).body.items;
    expect(events[0]).toMatchObject({ type: 'sign_in_succeeded', details: { method: 'password+totp' }, ip: '127.0.0.1', browser: 'Firefox 128' });
  });

  it('given a code that was already accepted, then 401 code_already_used and no session', async () => {
    const account = await twoFactorUser(t);
    const code = oathtool(t, account.secret);
    const first = await startLogin(t, account.user);
    expect((await first.client.post(SECOND, { ticket: first.ticket, code })).status).toBe(200);
    const before = (await sessionRows(account.user.id)).length;
    const second = await startLogin(t, account.user);
    expectProblem(await second.client.post(SECOND, { ticket: second.ticket, code }), 401, 'code_already_used');
    expect(second.client.cookie).toBeNull();
    expect(await sessionRows(account.user.id)).toHaveLength(before);
    // the code of an earlier step, still within the drift window, is refused as well
    expectProblem(await second.client.post(SECOND, { ticket: second.ticket, code: oathtool(t, account.secret, -1) }), 401, 'code_already_used');
    nextStep(t);
    expect((await second.client.post(SECOND, { ticket: second.ticket, code: oathtool(t, account.secret) })).status).toBe(200);
  });

  it('given two sign-ins racing with one code, then exactly one gets a session', async () => {
    const account = await twoFactorUser(t);
    const before = (await sessionRows(account.user.id)).length;
    const a = await startLogin(t, account.user);
    const b = await startLogin(t, account.user);
    const code = oathtool(t, account.secret);
    const results = await Promise.all([a.client.post(SECOND, { ticket: a.ticket, code }), b.client.post(SECOND, { ticket: b.ticket, code })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    expect(results.find((r) => r.status === 401)!.body.code).toBe('code_already_used');
    expect(await sessionRows(account.user.id)).toHaveLength(before + 1);
    nextStep(t);
  });

  it('given one ticket sent twice at once, then exactly one session', async () => {
    const account = await twoFactorUser(t);
    const before = (await sessionRows(account.user.id)).length;
    const { ticket, client } = await startLogin(t, account.user);
    const code = oathtool(t, account.secret);
    const results = await Promise.all([client.post(SECOND, { ticket, code }), t.anonymous().post(SECOND, { ticket, code })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    expect(await sessionRows(account.user.id)).toHaveLength(before + 1);
    nextStep(t);
  });

  it('given two recovery-code sign-ins racing with one code, then exactly one gets a session', async () => {
    const account = await twoFactorUser(t);
    const a = await startLogin(t, account.user);
    const b = await startLogin(t, account.user);
    const code = account.recoveryCodes[3]!;
    const results = await Promise.all([a.client.post(SECOND, { ticket: a.ticket, code }), b.client.post(SECOND, { ticket: b.ticket, code })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    const used = await db().selectFrom('recovery_codes').selectAll().where('user_id', '=', account.user.id).where('used_at', 'is not', null).execute();
    expect(used).toHaveLength(1);
  });

  it('accepts the previous and the next step (±1), refuses codes 3 steps off with 401 invalid_code', async () => {
    const account = await twoFactorUser(t);
    nextStep(t); // the step before now must not be the one that enabled 2FA
    for (const offset of [-3, 3]) {
      const { ticket, client } = await startLogin(t, account.user);
      expectProblem(await client.post(SECOND, { ticket, code: oathtool(t, account.secret, offset) }), 401, 'invalid_code');
    }
    const early = await startLogin(t, account.user);
    expect((await early.client.post(SECOND, { ticket: early.ticket, code: oathtool(t, account.secret, -1) })).status).toBe(200);
    const late = await startLogin(t, account.user);
    expect((await late.client.post(SECOND, { ticket: late.ticket, code: oathtool(t, account.secret, 1) })).status).toBe(200);
    nextStep(t);
    nextStep(t);
  });

  it.each([
    ['five digits', 400, 'malformed_code', '12345'],
    ['six letters', 400, 'malformed_code', 'abcdef'],
    ['a JSON number', 400, 'invalid_request', 123456],
    ['null', 400, 'invalid_request', null],
    ['an empty string', 400, 'invalid_request', ''],
    ['an array', 400, 'invalid_request', ['123456']],
    ['a huge string', 400, 'invalid_request', '9'.repeat(10_000)],
  ])('given %s as code, then %i %s, no session, and the ticket still works', async (_name, status, problem, code) => {
    const account = await twoFactorUser(t);
    const { ticket, client } = await startLogin(t, account.user);
    expectProblem(await client.post(SECOND, { ticket, code }), status, problem);
    expect(client.cookie).toBeNull();
    expect((await client.post(SECOND, { ticket, code: oathtool(t, account.secret) })).status).toBe(200);
    nextStep(t);
  });

  it.each([
    ['no ticket', { code: '123456' }],
    ['a numeric ticket', { ticket: 42, code: '123456' }],
    ['a null ticket', { ticket: null, code: '123456' }],
    ['an array body', ['ticket', '123456']],
  ])('given %s, then 400 invalid_request', async (_name, body) => {
    expectProblem(await t.anonymous().post(SECOND, body), 400, 'invalid_request');
  });

  it('given an unknown ticket, then 401 invalid_ticket', async () => {
    expectProblem(await t.anonymous().post(SECOND, { ticket: 'x'.repeat(43), code: '123456' }), 401, 'invalid_ticket');
    expectProblem(await t.anonymous().post(SECOND, { ticket: "' OR 1=1 --", code: '123456' }), 401, 'invalid_ticket');
  });

  it('given a recovery code, then 200 once (method password+recovery_code, codes left recorded), never twice', async () => {
    const account = await twoFactorUser(t);
    const code = account.recoveryCodes[0]!;
    const first = await startLogin(t, account.user);
    const ok = await first.client.post(SECOND, { ticket: first.ticket, code });
    expect(ok.status).toBe(200);
    const sessions = (await first.client.get('/api/v1/sessions')).body.items;
    expect(sessions.find((s: any) => s.current)).toMatchObject({ method: 'password+recovery_code' });
    const events = (await first.client.get('/api/v1/profile/events')).body.items;
    expect(events.map((e: any) => e.type).slice(0, 2)).toEqual(['sign_in_succeeded', 'recovery_code_used']);
    expect(events[1].details).toMatchObject({ codesLeft: 9 });
    expect((await first.client.get('/api/v1/profile')).body.twoFactor.recoveryCodesLeft).toBe(9);

    const again = await startLogin(t, account.user);
    expectProblem(await again.client.post(SECOND, { ticket: again.ticket, code }), 401, 'invalid_code');
    // upper case and without dashes is the same code: another one works that way
    const other = account.recoveryCodes[1]!.toUpperCase().replace(/-/g, ' ');
    expect((await again.client.post(SECOND, { ticket: again.ticket, code: other })).status).toBe(200);
  });

  it('given a ticket that was already used, then 401 invalid_ticket even with a fresh code', async () => {
    const account = await twoFactorUser(t);
    const { ticket, client } = await startLogin(t, account.user);
    expect((await client.post(SECOND, { ticket, code: oathtool(t, account.secret) })).status).toBe(200);
    nextStep(t);
    expectProblem(await t.anonymous().post(SECOND, { ticket, code: oathtool(t, account.secret) }), 401, 'invalid_ticket');
    expectProblem(await t.anonymous().post(SECOND, { ticket, code: account.recoveryCodes[0] }), 401, 'invalid_ticket');
    expect(await db().selectFrom('recovery_codes').selectAll().where('user_id', '=', account.user.id).where('used_at', 'is not', null).execute()).toHaveLength(0);
  });

  it("given another user's ticket, then that user's codes are asked: mine are refused and not used up", async () => {
    const alice = await twoFactorUser(t);
    const bob = await twoFactorUser(t);
    const aliceLogin = await startLogin(t, alice.user);
    const bobCode = oathtool(t, bob.secret);
    expectProblem(await t.anonymous().post(SECOND, { ticket: aliceLogin.ticket, code: bobCode }), 401, 'invalid_code');
    expectProblem(await t.anonymous().post(SECOND, { ticket: aliceLogin.ticket, code: bob.recoveryCodes[0] }), 401, 'invalid_code');
    // Bob's code and recovery code still work for Bob; Alice's ticket opens no session for Bob
    const bobLogin = await startLogin(t, bob.user);
    const res = await bobLogin.client.post(SECOND, { ticket: bobLogin.ticket, code: bobCode });
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(bob.user.id);
    const bobAgain = await startLogin(t, bob.user);
    expect((await bobAgain.client.post(SECOND, { ticket: bobAgain.ticket, code: bob.recoveryCodes[0] })).status).toBe(200);
    // and Alice's ticket only ever signs in Alice
    const aliceRes = await aliceLogin.client.post(SECOND, { ticket: aliceLogin.ticket, code: oathtool(t, alice.secret) });
    expect(aliceRes.body.user.id).toBe(alice.user.id);
    nextStep(t);
  });

  it('given a ticket older than 5 minutes, then 401 invalid_ticket', async () => {
    const account = await twoFactorUser(t);
    const { ticket, client } = await startLogin(t, account.user);
    t.clock.advance(5 * 60_000 + 1_000);
    expectProblem(await client.post(SECOND, { ticket, code: oathtool(t, account.secret) }), 401, 'invalid_ticket');
    await t.app.userhub.services.auth.sweepTickets();
    expect(await db().selectFrom('login_tickets').selectAll().where('user_id', '=', account.user.id).execute()).toHaveLength(0);
    nextStep(t);
  });

  it('given 5 wrong codes, then the ticket is dead, even for the right code', async () => {
    const account = await twoFactorUser(t);
    const { ticket, client } = await startLogin(t, account.user);
    const right = oathtool(t, account.secret);
    const wrong = right === '000000' ? '111111' : '000000';
    for (const left of [4, 3, 2, 1, 0]) {
      const res = await client.post(SECOND, { ticket, code: wrong });
      expectProblem(res, 401, 'invalid_code');
      expect(res.body.attemptsLeft).toBe(left);
    }
    expectProblem(await client.post(SECOND, { ticket, code: right }), 401, 'invalid_ticket');
    expect(await db().selectFrom('login_tickets').selectAll().where('user_id', '=', account.user.id).execute()).toHaveLength(0);
    const types = await eventTypes(account.client);
    expect(types.filter((type) => type === 'second_factor_failed')).toHaveLength(5);
    const failed = (await account.client.get('/api/v1/profile/events')).body.items.find((e: any) => e.type === 'second_factor_failed');
    expect(failed).toMatchObject({ ip: '127.0.0.1', browser: 'Firefox 128', details: { reason: 'wrong_code', context: 'sign_in' } });
    nextStep(t);
  });

  it('given the user was disabled between the two steps, then 403 user_disabled and no session', async () => {
    const account = await twoFactorUser(t);
    const { ticket, client } = await startLogin(t, account.user);
    await db().updateTable('users').set({ disabled: 1 }).where('id', '=', account.user.id).execute();
    expectProblem(await client.post(SECOND, { ticket, code: oathtool(t, account.secret) }), 403, 'user_disabled');
    expect(client.cookie).toBeNull();
  });

  it('given 2FA was reset by an admin meanwhile, then the pending ticket is dead', async () => {
    const account = await twoFactorUser(t);
    const { ticket, client } = await startLogin(t, account.user);
    await t.app.userhub.services.twoFactor.resetByAdmin(account.user.id, null, null);
    expectProblem(await client.post(SECOND, { ticket, code: oathtool(t, account.secret) }), 401, 'invalid_ticket');
  });

  it('from another site, then 403 csrf_rejected', async () => {
    const account = await twoFactorUser(t);
    const { ticket } = await startLogin(t, account.user);
    const res = await t.anonymous().post(SECOND, { ticket, code: oathtool(t, account.secret) }, { headers: { origin: 'https://evil.example' } });
    expectProblem(res, 403, 'csrf_rejected');
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('documents the second-factor, two-factor, admin reset and account deletion routes', async () => {
    const res = await t.anonymous().get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths;
    expect(paths['/api/v1/auth/login/second-factor'].post).toBeDefined();
    expect(paths['/api/v1/auth/reauthenticate'].post).toBeDefined();
    for (const path of ['setup', 'enable', 'disable']) expect(paths[`/api/v1/profile/twofactor/totp/${path}`].post).toBeDefined();
    expect(paths['/api/v1/profile/twofactor/recovery-codes'].post).toBeDefined();
    expect(paths['/api/v1/admin/users/{id}/twofactor/reset'].post).toBeDefined();
    expect(paths['/api/v1/profile'].delete).toBeDefined();
    const login = paths['/api/v1/auth/login'].post.responses['200'].content['application/json'].schema;
    expect(JSON.stringify(login)).toContain('second_factor_required');
  });
});
