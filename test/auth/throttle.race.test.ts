import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, setupApp } from '../helpers/app.js';
import { appAuthenticate, createAppPassword, registerApp } from '../helpers/app-passwords.js';
import { enableTotp, startLogin, totpCode } from '../helpers/twofactor.js';

/**
 * Bursts against one account's budget (10 failures a minute). Every attempt reserves its place
 * before the credential is checked, so a burst evaluates at most the budget on either engine;
 * on PostgreSQL the requests really run at once (a pool of connections).
 */
let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());
// every test starts with empty minute windows (the IP budget is shared by the whole file)
beforeEach(() => t.clock.advance(3_700_000));

const db = () => t.app.userhub.database.db;
const failedSignIns = async (userId: string) =>
  (await db().selectFrom('security_events').select('id').where('user_id', '=', userId).where('type', 'in', ['sign_in_failed', 'second_factor_failed']).execute()).length;
const statuses = (results: { status: number }[]) => results.map((r) => r.status);
const count = (list: number[], status: number) => list.filter((s) => s === status).length;

describe('the sign-in throttle under bursts', () => {
  it('given 30 concurrent wrong passwords, then at most 10 are evaluated, the rest get 429, and the right password sent last gets 429', async () => {
    const user = await t.createUser();
    const burst = Array.from({ length: 30 }, (_, i) => t.anonymous().post('/api/v1/auth/login', { username: user.username, password: `wrong guess ${i}` }));
    const results = statuses(await Promise.all(burst));
    expect(count(results, 401)).toBeLessThanOrEqual(10);
    expect(count(results, 401) + count(results, 429)).toBe(30);
    expect(await failedSignIns(user.id)).toBeLessThanOrEqual(10);
    const right = await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: user.password });
    expect(right.status).toBe(429);
  });

  it('given 300 concurrent attempts with the right password last in the burst, then it gets 429 and at most 10 wrong ones were evaluated', async () => {
    const user = await t.createUser();
    const burst = Array.from({ length: 300 }, (_, i) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: user.username, password: i === 299 ? user.password : `wrong guess ${i}` },
        remoteAddress: `10.1.${Math.floor(i / 50)}.${i % 50}`,
      }),
    );
    const results = (await Promise.all(burst)).map((r) => r.statusCode);
    expect(count(results, 401)).toBeLessThanOrEqual(10);
    expect(count(results, 200)).toBe(0);
    expect(results[299]).toBe(429);
    expect(await failedSignIns(user.id)).toBeLessThanOrEqual(10);
  });

  it('given wrong passwords typed as the username, the email and in other cases, then they share one budget', async () => {
    const user = await t.createUser({ username: `casey${Date.now() % 100000}` });
    const logins = [user.username, user.username.toUpperCase(), user.email, user.email.toUpperCase(), ` ${user.email} `];
    const burst = Array.from({ length: 20 }, (_, i) => t.anonymous().post('/api/v1/auth/login', { username: logins[i % logins.length], password: `wrong ${i}` }));
    const results = statuses(await Promise.all(burst));
    expect(count(results, 401)).toBeLessThanOrEqual(10);
    expect(count(results, 429)).toBeGreaterThanOrEqual(10);
    for (const login of logins) {
      expect((await t.anonymous().post('/api/v1/auth/login', { username: login, password: user.password })).status).toBe(429);
    }
  });

  it('given 30 concurrent wrong app passwords at an app, then at most 10 are evaluated and the right one after them gets 429', async () => {
    const mail = await registerApp(t, `Mail ${Date.now()}`);
    const { user, client } = await t.signedInUser();
    const { password } = await createAppPassword(client, mail.id);
    const results = statuses(
      await Promise.all(Array.from({ length: 30 }, (_, i) => appAuthenticate(t, mail.id, mail.secret, user.username, `wrong-app-password-${i}`))),
    );
    expect(count(results, 401)).toBeLessThanOrEqual(10);
    expect(count(results, 429)).toBeGreaterThanOrEqual(20);
    expect((await appAuthenticate(t, mail.id, mail.secret, user.username, password)).status).toBe(429);
  });

  it('given 30 concurrent wrong Basic credentials at forward-auth, then at most 10 are evaluated', async () => {
    const wiki = await registerApp(t, `Wiki ${Date.now()}`);
    const { user, client } = await t.signedInUser();
    const { password } = await createAppPassword(client, wiki.id);
    const basic = (secret: string) => `Basic ${Buffer.from(`${user.username}:${secret}`).toString('base64')}`;
    // a proxy only understands 401 (it asks for credentials again): the code says why
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => t.anonymous().get(`/api/v1/apps/${wiki.id}/forward-auth`, { headers: { authorization: basic(`wrong-${i}`) } })),
    );
    expect(results.every((r) => r.status === 401)).toBe(true);
    expect(results.filter((r) => r.body.code === 'invalid_credentials').length).toBeLessThanOrEqual(10);
    expect(results.filter((r) => r.body.code === 'rate_limited').length).toBeGreaterThanOrEqual(20);
    expect(await failedSignIns(user.id)).toBeLessThanOrEqual(10);
    const right = await t.anonymous().get(`/api/v1/apps/${wiki.id}/forward-auth`, { headers: { authorization: basic(password) } });
    expect(right.body.code).toBe('rate_limited');
  });

  it('given 30 concurrent wrong passwords at re-authentication, then at most 10 are evaluated', async () => {
    const { user, client } = await t.signedInUser();
    const results = statuses(await Promise.all(Array.from({ length: 30 }, (_, i) => client.post('/api/v1/auth/reauthenticate', { password: `wrong ${i}` }))));
    expect(count(results, 403)).toBeLessThanOrEqual(10);
    expect(count(results, 429)).toBeGreaterThanOrEqual(20);
    expect((await client.post('/api/v1/auth/reauthenticate', { password: user.password })).status).toBe(429);
  });

  it('given 25 concurrent codes on one sign-in ticket, then at most 5 are evaluated and the ticket dies', async () => {
    const { user, client } = await t.signedInUser();
    const { secret } = await enableTotp(t, client);
    const { ticket } = await startLogin(t, user);
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => t.anonymous().post('/api/v1/auth/login/second-factor', { ticket, code: String(100000 + i) })),
    );
    const codes = results.map((r) => r.body.code as string);
    expect(codes.filter((c) => c === 'invalid_code').length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 'invalid_ticket').length).toBeGreaterThanOrEqual(20);
    expect(await failedSignIns(user.id)).toBeLessThanOrEqual(5);
    // the right code on that ticket no longer works
    const right = await t.anonymous().post('/api/v1/auth/login/second-factor', { ticket, code: totpCode(t, secret) });
    expect(right.status).toBe(401);
    expect(right.body.code).toBe('invalid_ticket');
  });

  it('given 30 concurrent wrong codes on 30 tickets of one account, then at most 10 are evaluated and the right code after them gets 429', async () => {
    const { user, client } = await t.signedInUser();
    const { secret } = await enableTotp(t, client);
    const tickets: string[] = [];
    for (let i = 0; i < 8; i++) tickets.push((await startLogin(t, user)).ticket);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => t.anonymous().post('/api/v1/auth/login/second-factor', { ticket: tickets[i % tickets.length], code: String(200000 + i) })),
    );
    expect(results.filter((r) => r.body.code === 'invalid_code').length).toBeLessThanOrEqual(10);
    expect(count(statuses(results), 429)).toBeGreaterThanOrEqual(20);
    expect(await failedSignIns(user.id)).toBeLessThanOrEqual(10);
    const right = await t.anonymous().post('/api/v1/auth/login/second-factor', { ticket: tickets[7], code: totpCode(t, secret) });
    expect(right.status).toBe(429);
  });
});
