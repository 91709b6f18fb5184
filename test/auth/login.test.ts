import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, type TestApp, expectProblem, setupApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

describe('POST /api/v1/auth/login', () => {
  it('given the right password, then 200 with the user and a hardened session cookie', async () => {
    const user = await t.createUser();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: user.password },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', user: { id: user.id, username: user.username, email: user.email } });
    const cookie = res.cookies.find((c) => c.name === 'userhub_session');
    expect(cookie).toBeDefined();
    expect(cookie!.value.length).toBeGreaterThanOrEqual(22);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie!.secure).toBeFalsy();
    expect(res.json().user).not.toHaveProperty('password');
  });

  it('given the username in other case or the email, then it signs in', async () => {
    const user = await t.createUser();
    expect((await t.anonymous().post('/api/v1/auth/login', { username: user.username.toUpperCase(), password: user.password })).status).toBe(200);
    expect((await t.anonymous().post('/api/v1/auth/login', { username: user.email, password: user.password })).status).toBe(200);
  });

  it('gives a fresh session id at every login and stores only its hash', async () => {
    const user = await t.createUser();
    const a = await t.login(user);
    const b = await t.login(user);
    expect(a.cookie).not.toBe(b.cookie);
    const rows = await t.app.userhub.database.db.selectFrom('sessions').select(['token_hash', 'id']).where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect([a.cookie, b.cookie]).not.toContain(row.token_hash);
      expect([a.cookie, b.cookie]).not.toContain(row.id);
    }
  });

  it('given a wrong password or an unknown user, then the same 401 invalid_credentials', async () => {
    const user = await t.createUser();
    const wrong = await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: 'not the password' });
    const unknown = await t.anonymous().post('/api/v1/auth/login', { username: 'nobody-here', password: 'not the password' });
    expectProblem(wrong, 401, 'invalid_credentials');
    expectProblem(unknown, 401, 'invalid_credentials');
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('given unicode passwords, then the NFKC form matches', async () => {
    const password = 'ｐａｓｓ wörd ☃ ﬁnal 2024'; // full-width letters and a ligature normalise under NFKC
    const user = await t.createUser({ password });
    expect((await t.anonymous().post('/api/v1/auth/login', { username: user.username, password })).status).toBe(200);
    expect((await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: password.normalize('NFKC') })).status).toBe(200);
  });

  it('does not truncate long passwords at 72 bytes (the bcrypt trap)', async () => {
    const prefix = 'x'.repeat(72);
    const user = await t.createUser({ password: `${prefix}-first-ending` });
    const res = await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: `${prefix}-other-ending` });
    expectProblem(res, 401, 'invalid_credentials');
  });

  it.each([
    ['a number as password', { username: 'alice', password: 12345678 }],
    ['an operator object', { username: { $ne: null }, password: { $ne: null } }],
    ['null fields', { username: null, password: null }],
    ['missing password', { username: 'alice' }],
    ['an array', ['alice', 'secret']],
    ['empty strings', { username: '', password: '' }],
  ])('given %s, then 400 invalid_request', async (_name, body) => {
    const res = await t.anonymous().post('/api/v1/auth/login', body);
    expectProblem(res, 400, 'invalid_request');
  });

  it('given SQL-looking input, then the generic 401 and nothing breaks', async () => {
    const res = await t.anonymous().post('/api/v1/auth/login', { username: "admin' OR '1'='1' --", password: "' OR 1=1; DROP TABLE users; --" });
    expectProblem(res, 401, 'invalid_credentials');
    expect(await t.app.userhub.services.users.count()).toBeGreaterThan(0);
  });

  it('given a 1 MB password, then a fast 4xx without hashing', async () => {
    const started = Date.now();
    const res = await t.anonymous().post('/api/v1/auth/login', { username: 'alice', password: 'p'.repeat(1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
    const justUnder = await t.anonymous().post('/api/v1/auth/login', { username: 'alice', password: 'p'.repeat(500_000) });
    expectProblem(justUnder, 400, 'invalid_request');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('given malformed JSON or a wrong media type, then 400 / 415', async () => {
    expectProblem(await t.anonymous().post('/api/v1/auth/login', undefined, { raw: '{"username":', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
    expectProblem(await t.anonymous().post('/api/v1/auth/login', undefined, { raw: 'username=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
    expectProblem(await t.anonymous().post('/api/v1/auth/login', undefined, { raw: 'hello', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
    expectProblem(await t.anonymous().post('/api/v1/auth/login', undefined, { raw: '{"__proto__":{"x":1},"username":"a","password":"b"}', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  });

  it('given a cross-site Origin, then 403 csrf_rejected', async () => {
    const user = await t.createUser();
    const res = await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: STRONG_PASSWORD }, { headers: { origin: 'https://evil.example' } });
    expectProblem(res, 403, 'csrf_rejected');
  });

  it('given a disabled user, then 403 user_disabled after the right password only', async () => {
    const user = await t.createUser();
    await t.app.userhub.database.db.updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute();
    expectProblem(await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: user.password }), 403, 'user_disabled');
    expectProblem(await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: 'wrong password!' }), 401, 'invalid_credentials');
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('ends the session: the cookie is cleared and the old value no longer works', async () => {
    const user = await t.createUser();
    const client = await t.login(user);
    const stolen = client.cookie;
    const res = await client.post('/api/v1/auth/logout');
    expect(res.status).toBe(204);
    expect(client.cookie).toBeNull();
    client.cookie = stolen;
    expectProblem(await client.get('/api/v1/profile'), 401, 'unauthenticated');
  });

  it('without a session, then 204 all the same', async () => {
    expect((await t.anonymous().post('/api/v1/auth/logout')).status).toBe(204);
  });

  it('with the cookie but no Origin nor X-Requested-With, then 403 csrf_rejected and the session lives', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.post('/api/v1/auth/logout', undefined, { noOrigin: true }), 403, 'csrf_rejected');
    expect((await client.get('/api/v1/profile')).status).toBe(200);
    expect((await client.post('/api/v1/auth/logout', undefined, { noOrigin: true, headers: { 'x-requested-with': 'userhub' } })).status).toBe(204);
  });
});
