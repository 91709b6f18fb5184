import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerValue } from '../../src/features/app-passwords/app-facing-routes.js';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { createAppPassword, registerApp } from '../helpers/app-passwords.js';
import { createToken } from '../helpers/tokens.js';

let t: TestApp;
let wiki: { id: string; secret: string; name: string };
let mail: { id: string; secret: string; name: string };
beforeAll(async () => {
  t = await setupApp();
  wiki = await registerApp(t, 'Team wiki');
  mail = await registerApp(t, 'Mail');
});
afterAll(async () => t.close());

const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`, 'utf8').toString('base64')}`;
const forwardAuth = (appId: string, headers: Record<string, string> = {}) =>
  t.anonymous().get(`/api/v1/apps/${encodeURIComponent(appId)}/forward-auth`, { headers });

function expectChallenge(res: { status: number; headers: Record<string, unknown>; body: any }, realm = 'Team wiki') {
  expectProblem(res, 401, res.body.code);
  expect(res.headers['www-authenticate']).toBe(`Basic realm="${realm}", charset="UTF-8"`);
  expect(res.headers['x-userhub-user']).toBeUndefined();
}

describe('GET /api/v1/apps/{appId}/forward-auth', () => {
  it('given Basic username + an app password for this app, then 200 with X-Userhub-User/Email/Id, not cached', async () => {
    const { user, client } = await t.signedInUser();
    const { password } = await createAppPassword(client, wiki.id);
    const res = await forwardAuth(wiki.id, { authorization: basic(user.username, password) });
    expect(res.status).toBe(200);
    expect(res.headers['x-userhub-user']).toBe(user.username);
    expect(res.headers['x-userhub-email']).toBe(user.email);
    expect(res.headers['x-userhub-id']).toBe(user.id);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ user: { id: user.id, username: user.username }, via: 'app_password' });
  });

  it('given the Userhub session cookie, then 200', async () => {
    const { user, client } = await t.signedInUser();
    const res = await client.get(`/api/v1/apps/${wiki.id}/forward-auth`);
    expect(res.status).toBe(200);
    expect(res.headers['x-userhub-user']).toBe(user.username);
    expect(res.body.via).toBe('session');
  });

  it('HEAD works the same (no body)', async () => {
    const { user, client } = await t.signedInUser();
    const res = await client.request('HEAD', `/api/v1/apps/${wiki.id}/forward-auth`);
    expect(res.status).toBe(200);
    expect(res.headers['x-userhub-user']).toBe(user.username);
  });

  it('given nothing, then 401 with WWW-Authenticate: Basic and the app name as realm', async () => {
    const res = await forwardAuth(wiki.id);
    expectChallenge(res);
    expect(res.body.code).toBe('unauthenticated');
  });

  it('given the main password, then 401: proxies take app passwords only', async () => {
    const { user } = await t.signedInUser();
    expectChallenge(await forwardAuth(wiki.id, { authorization: basic(user.username, user.password) }));
  });

  it('given an app password made for another app, then 401', async () => {
    const { user, client } = await t.signedInUser();
    const { password } = await createAppPassword(client, mail.id);
    expectChallenge(await forwardAuth(wiki.id, { authorization: basic(user.username, password) }));
    expect((await forwardAuth(mail.id, { authorization: basic(user.username, password) })).status).toBe(200);
  });

  it('given a revoked app password, then 401 from the next request on', async () => {
    const { user, client } = await t.signedInUser();
    const { id, password } = await createAppPassword(client, wiki.id);
    expect((await forwardAuth(wiki.id, { authorization: basic(user.username, password) })).status).toBe(200);
    await client.delete(`/api/v1/app-passwords/${id}`);
    expectChallenge(await forwardAuth(wiki.id, { authorization: basic(user.username, password) }));
  });

  it('given a disabled user, then 401 by app password and by cookie', async () => {
    const { user, client } = await t.signedInUser();
    const { password } = await createAppPassword(client, wiki.id);
    await t.app.userhub.database.db.updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute();
    const byPassword = await forwardAuth(wiki.id, { authorization: basic(user.username, password) });
    expectChallenge(byPassword);
    expect(byPassword.body.code).toBe('user_disabled');
    expectChallenge(await client.get(`/api/v1/apps/${wiki.id}/forward-auth`));
  });

  it('given an API token, then 401 (tokens are for the Userhub API, not for proxied apps)', async () => {
    const { client } = await t.signedInUser();
    const { token } = await createToken(client, 'readonly');
    expectChallenge(await forwardAuth(wiki.id, { authorization: `Bearer ${token}` }));
  });

  it('given a broken Authorization header next to a valid cookie, then 401: a presented credential is never ignored', async () => {
    const { client } = await t.signedInUser();
    expectChallenge(await client.get(`/api/v1/apps/${wiki.id}/forward-auth`, { headers: { authorization: 'Basic !!!' } }));
  });

  it.each([
    ['not base64', 'Basic %%%%'],
    ['no colon', `Basic ${Buffer.from('justausername').toString('base64')}`],
    ['an empty password', `Basic ${Buffer.from('alice:').toString('base64')}`],
    ['an empty username', `Basic ${Buffer.from(':password').toString('base64')}`],
    ['an 8 KB blob', `Basic ${'A'.repeat(8200)}`],
    ['a bare scheme', 'Basic'],
    ['binary garbage', `Basic ${Buffer.from([0xff, 0xfe, 0x00, 0x3a, 0x80]).toString('base64')}`],
    ['a NUL in the username', `Basic ${Buffer.from('ali\u0000ce:abcdefg-hijkmnp').toString('base64')}`],
    ['a newline in the username', `Basic ${Buffer.from('alice\nbob:abcdefg-hijkmnp').toString('base64')}`],
  ])('given %s, then 401, never 500', async (_name, authorization) => {
    expectChallenge(await forwardAuth(wiki.id, { authorization }));
  });

  it('given an unknown app, then 404 app_not_found (a proxy misconfiguration, not a login prompt)', async () => {
    expectProblem(await forwardAuth('no-such-app'), 404, 'app_not_found');
    expectProblem(await forwardAuth('a\u0000b'), 400, 'invalid_request');
  });

  it('is throttled like the sign-in: 401 rate_limited with Retry-After once the budget is spent', async () => {
    const { user, client } = await t.signedInUser();
    const { password } = await createAppPassword(client, wiki.id);
    for (let i = 0; i < 10; i++) await forwardAuth(wiki.id, { authorization: basic(user.username, `wrong-${i}`) });
    const limited = await forwardAuth(wiki.id, { authorization: basic(user.username, password) });
    expectChallenge(limited);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(61_000);
    expect((await forwardAuth(wiki.id, { authorization: basic(user.username, password) })).status).toBe(200);
  });

  it('sends non-ASCII values percent-encoded and keeps the realm printable ASCII', async () => {
    const app = await registerApp(t, 'Wiki "Ünïcode" \\ ☃');
    const { user, client } = await t.signedInUser({ email: `jörg.${Date.now()}@exämple.de` });
    const { password } = await createAppPassword(client, app.id);
    const ok = await forwardAuth(app.id, { authorization: basic(user.username, password) });
    expect(ok.status).toBe(200);
    expect(ok.headers['x-userhub-email']).toBe(encodeURIComponent(user.email));
    expect(decodeURIComponent(String(ok.headers['x-userhub-email']))).toBe(user.email);
    const challenge = await forwardAuth(app.id);
    expect(challenge.headers['www-authenticate']).toBe('Basic realm="Wiki __n_code_ _ _", charset="UTF-8"');
  });

  it('headerValue leaves printable ASCII alone', () => {
    expect(headerValue('alice@example.com')).toBe('alice@example.com');
    expect(headerValue('ä')).toBe('%C3%A4');
    expect(headerValue('a\r\nb')).toBe('a%0D%0Ab');
  });
});
