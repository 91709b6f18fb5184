import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN_PREFIX, BASE62, generateSecret } from '../../src/lib/token-format.js';
import type { TestResponse } from '../helpers/client.js';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { eventsOf } from '../helpers/activity.js';
import { createAppPassword, registerApp } from '../helpers/app-passwords.js';
import { createToken, tokenClient } from '../helpers/tokens.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;

describe('Authorization: Bearer uh_…', () => {
  it('given a valid token, then every read a session can do works, without a cookie', async () => {
    const { user, client } = await t.signedInUser();
    const { token } = await createToken(client, 'readonly');
    const api = tokenClient(t, token);
    const profile = await api.get('/api/v1/profile');
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ id: user.id, username: user.username });
    expect((await api.get('/api/v1/sessions')).status).toBe(200);
    expect((await api.get('/api/v1/profile/events')).status).toBe(200);
    expect((await api.get('/api/v1/apps')).status).toBe(200);
    expect(profile.headers['set-cookie']).toBeUndefined();
  });

  it('given a token with one character changed (bad checksum), then 401 invalid_token', async () => {
    const { client } = await t.signedInUser();
    const { token } = await createToken(client);
    for (const index of [3, 20, token.length - 1]) {
      const c = token[index] as string;
      const tampered = token.slice(0, index) + BASE62[(BASE62.indexOf(c) + 7) % 62] + token.slice(index + 1);
      expectProblem(await tokenClient(t, tampered).get('/api/v1/profile'), 401, 'invalid_token');
    }
  });

  it.each([
    ['a well-formed token nobody issued', () => generateSecret(API_TOKEN_PREFIX)],
    ['a random word', () => 'hunter2'],
    ['a session-cookie-like value', () => 'A'.repeat(43)],
    ['a 4 KB value', () => `uh_${'a'.repeat(4096)}`],
    ['an app secret', () => generateSecret('uha_')],
  ])('given %s, then 401 invalid_token', async (_name, value) => {
    expectProblem(await tokenClient(t, value()).get('/api/v1/profile'), 401, 'invalid_token');
  });

  it.each([
    ['an empty Bearer', 'Bearer '],
    ['two words', 'Bearer uh_a uh_b'],
    ['Basic credentials', `Basic ${Buffer.from('alice:secret').toString('base64')}`],
    ['a bare token without scheme', 'uh_abc'],
  ])('given %s in Authorization, then 401 invalid_token (never the cookie fallback)', async (_name, header) => {
    const { client } = await t.signedInUser();
    const res = await client.get('/api/v1/profile', { headers: { authorization: header } });
    expectProblem(res, 401, 'invalid_token');
  });

  it('given a bad token next to a valid session cookie, then 401: a presented token is never ignored', async () => {
    const { client } = await t.signedInUser();
    const res = await client.get('/api/v1/profile', { headers: { authorization: `Bearer ${generateSecret(API_TOKEN_PREFIX)}` } });
    expectProblem(res, 401, 'invalid_token');
  });

  it('given the token in the query string instead of the header, then it is ignored: 401 unauthenticated', async () => {
    const { client } = await t.signedInUser();
    const { token } = await createToken(client);
    for (const name of ['access_token', 'token', 'bearer', 'api_token']) {
      expectProblem(await t.anonymous().get(`/api/v1/profile?${name}=${token}`), 401, 'unauthenticated');
    }
  });

  it('treats the scheme name case-insensitively', async () => {
    const { client } = await t.signedInUser();
    const { token } = await createToken(client);
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      expect((await t.anonymous().get('/api/v1/profile', { headers: { authorization: `${scheme} ${token}` } })).status).toBe(200);
    }
  });
});

describe('readonly and readwrite tokens, method by method', () => {
  it('readonly: GET and HEAD work; POST, PUT, PATCH and DELETE are 403 token_readonly and change nothing', async () => {
    const { user, client } = await t.signedInUser({ role: 'admin' });
    const { token } = await createToken(client, 'readonly');
    const api = tokenClient(t, token);
    expect((await api.get('/api/v1/profile')).status).toBe(200);
    expect((await api.request('HEAD', '/api/v1/profile')).status).toBe(200);
    expect((await api.get('/api/v1/admin/users')).status).toBe(200);

    const attempts = [
      () => api.post('/api/v1/admin/users', { username: 'made-by-readonly', email: 'ro@example.com' }),
      () => api.put('/api/v1/profile/password', { currentPassword: user.password, newPassword: 'another strong pass 99' }),
      () => api.patch('/api/v1/profile', { displayName: 'Changed by readonly' }),
      () => api.delete('/api/v1/sessions'),
      () => api.delete(`/api/v1/admin/users/${user.id}`),
      () => api.post('/api/v1/auth/reauthenticate', { password: user.password }),
    ];
    for (const attempt of attempts) expectProblem(await attempt(), 403, 'token_readonly');

    const me = await client.get('/api/v1/profile');
    expect(me.body.displayName).not.toBe('Changed by readonly');
    expect((await client.get('/api/v1/sessions')).body.items).toHaveLength(1);
    expect(await t.app.userhub.services.users.findByUsername('made-by-readonly')).toBeUndefined();
  });

  it('readwrite: GET, HEAD, POST, PATCH and DELETE pass; PUT reaches the route (which wants a session)', async () => {
    const { client } = await t.signedInUser({ role: 'admin' });
    const { token } = await createToken(client, 'readwrite');
    const api = tokenClient(t, token);
    expect((await api.get('/api/v1/profile')).status).toBe(200);
    expect((await api.request('HEAD', '/api/v1/profile')).status).toBe(200);

    const patched = await api.patch('/api/v1/profile', { displayName: 'Changed by token' });
    expect(patched.status).toBe(200);
    expect(patched.body.displayName).toBe('Changed by token');

    const created = await api.post('/api/v1/admin/users', { username: `rw${Date.now()}`, email: `rw${Date.now()}@example.com` });
    expect(created.status).toBe(201);
    expect((await api.delete(`/api/v1/admin/users/${created.body.user.id}`)).status).toBe(204);
    expectProblem(await api.delete('/api/v1/sessions/not-a-session'), 404, 'session_not_found');
    expect((await api.delete('/api/v1/sessions')).status).toBe(204);
    // the dashboard session was ended by the token ("every session but the current one")
    expectProblem(await client.get('/api/v1/profile'), 401, 'unauthenticated');

    expectProblem(await api.put('/api/v1/profile/password', { currentPassword: 'x', newPassword: 'y' }), 403, 'interactive_session_required');
  });

  it('needs no Origin nor X-Requested-With (no CSRF check), but a foreign Origin is still refused', async () => {
    const { client } = await t.signedInUser();
    const { token } = await createToken(client, 'readwrite');
    const api = tokenClient(t, token);
    expect((await api.patch('/api/v1/profile', { displayName: 'Scripted' }, { noOrigin: true })).status).toBe(200);
    expectProblem(
      await api.patch('/api/v1/profile', { displayName: 'Cross-site' }, { headers: { origin: 'https://evil.example' } }),
      403,
      'csrf_rejected',
    );
  });

  it('a non-admin token gets 403 admin_required on admin routes', async () => {
    const { client } = await t.signedInUser();
    const { token } = await createToken(client, 'readwrite');
    expectProblem(await tokenClient(t, token).get('/api/v1/admin/users'), 403, 'admin_required');
    expectProblem(await tokenClient(t, token).get('/api/v1/admin/apps'), 403, 'admin_required');
  });
});

describe('credential routes refuse tokens: 403 interactive_session_required', () => {
  it('password, email, recovery email, re-authentication, tokens and app passwords — even readwrite, even with the password', async () => {
    const { user, client } = await t.signedInUser();
    const mailApp = await registerApp(t, 'Mail for token tests');
    const { id: tokenId, token } = await createToken(client, 'readwrite');
    const { id: appPasswordId } = await createAppPassword(client, mailApp.id);
    const api = tokenClient(t, token);
    const attempts: [string, () => Promise<TestResponse>][] = [
      ['change password', () => api.put('/api/v1/profile/password', { currentPassword: user.password, newPassword: 'a brand new passphrase 7' })],
      ['change email', () => api.patch('/api/v1/profile', { email: 'stolen@example.com', password: user.password })],
      ['change recovery email', () => api.patch('/api/v1/profile', { recoveryEmail: 'stolen@example.com', password: user.password })],
      ['re-authenticate', () => api.post('/api/v1/auth/reauthenticate', { password: user.password })],
      ['list tokens', () => api.get('/api/v1/tokens')],
      ['create a token', () => api.post('/api/v1/tokens', { name: 'child', scope: 'readwrite', password: user.password })],
      ['revoke a token', () => api.delete(`/api/v1/tokens/${tokenId}`)],
      ['list app passwords', () => api.get('/api/v1/app-passwords')],
      ['create an app password', () => api.post('/api/v1/app-passwords', { name: 'x', appId: mailApp.id, password: user.password })],
      ['revoke an app password', () => api.delete(`/api/v1/app-passwords/${appPasswordId}`)],
    ];
    for (const [what, attempt] of attempts) {
      const res = await attempt();
      expect(res.status, what).toBe(403);
      expect(res.body.code, what).toBe('interactive_session_required');
    }
    const me = await client.get('/api/v1/profile');
    expect(me.body).toMatchObject({ email: user.email, recoveryEmail: null });
    expect((await client.get('/api/v1/tokens')).body.items).toHaveLength(1);
    expect((await client.get('/api/v1/app-passwords')).body.items).toHaveLength(1);
    expect((await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: user.password })).status).toBe(200);
  });
});

describe('a token stops at once', () => {
  it('when revoked: the very next request is 401 invalid_token', async () => {
    const { client } = await t.signedInUser();
    const { id, token } = await createToken(client);
    const api = tokenClient(t, token);
    expect((await api.get('/api/v1/profile')).status).toBe(200);
    await client.delete(`/api/v1/tokens/${id}`);
    expectProblem(await api.get('/api/v1/profile'), 401, 'invalid_token');
  });

  it('when its user is disabled (and works again when re-enabled)', async () => {
    const { user, client } = await t.signedInUser();
    const { token } = await createToken(client);
    const api = tokenClient(t, token);
    expect((await api.get('/api/v1/profile')).status).toBe(200);
    await db().updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute();
    expectProblem(await api.get('/api/v1/profile'), 401, 'invalid_token');
    await db().updateTable('users').set({ disabled: 0 }).where('id', '=', user.id).execute();
    expect((await api.get('/api/v1/profile')).status).toBe(200);
  });

  it('when it expires', async () => {
    const { client } = await t.signedInUser();
    const { token } = await createToken(client, 'readonly', { expiresAt: new Date(t.clock.now().getTime() + 60_000).toISOString() });
    expect((await tokenClient(t, token).get('/api/v1/profile')).status).toBe(200);
    t.clock.advance(60_000);
    try {
      expectProblem(await tokenClient(t, token).get('/api/v1/profile'), 401, 'invalid_token');
    } finally {
      t.clock.advance(-60_000);
    }
  });
});

describe('lastUsedAt / lastUsedIp', () => {
  const lastUsed = async (id: string) =>
    db().selectFrom('api_tokens').select(['last_used_at', 'last_used_ip']).where('id', '=', id).executeTakeFirstOrThrow();

  it('are written on first use, then at most once a minute; the first use is on the timeline once', async () => {
    const { user, client } = await t.signedInUser();
    const { id, token } = await createToken(client, 'readonly');
    const api = tokenClient(t, token);
    expect(await lastUsed(id)).toEqual({ last_used_at: null, last_used_ip: null });

    await api.get('/api/v1/profile');
    const first = await lastUsed(id);
    expect(first.last_used_at).toEqual(expect.any(String));
    expect(first.last_used_ip).toBe('127.0.0.1');

    t.clock.advance(30_000);
    await api.get('/api/v1/profile');
    await api.get('/api/v1/sessions');
    expect((await lastUsed(id)).last_used_at).toBe(first.last_used_at);

    t.clock.advance(31_000);
    await api.get('/api/v1/profile');
    const later = await lastUsed(id);
    expect(Date.parse(later.last_used_at!) - Date.parse(first.last_used_at!)).toBeGreaterThanOrEqual(60_000);

    const [listed] = (await client.get('/api/v1/tokens')).body.items;
    expect(listed).toMatchObject({ lastUsedAt: later.last_used_at, lastUsedIp: '127.0.0.1' });

    const events = await eventsOf(t, user.id, 'token_first_used');
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ tokenId: id });
  });

  it('given many first requests at once, then exactly one first-use event', async () => {
    const { user, client } = await t.signedInUser();
    const { token } = await createToken(client, 'readonly');
    const results = await Promise.all(Array.from({ length: 8 }, () => tokenClient(t, token).get('/api/v1/profile')));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await eventsOf(t, user.id, 'token_first_used')).toHaveLength(1);
  });
});
