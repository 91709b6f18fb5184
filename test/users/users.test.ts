import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

let t: TestApp;
let admin: TestClient;
let adminUser: TestUser;
beforeAll(async () => {
  t = await setupApp();
  ({ user: adminUser, client: admin } = await t.signedInUser({ role: 'admin' }));
});
afterAll(async () => t.close());

describe('/api/v1/admin/users', () => {
  it('an admin creates a user with a password, who can then sign in', async () => {
    const res = await admin.post('/api/v1/admin/users', { username: 'Newcomer', email: 'newcomer@example.com', displayName: 'New Comer', password: 'a good long password 1' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ user: { username: 'newcomer', email: 'newcomer@example.com', displayName: 'New Comer', role: 'user', isAdmin: false }, password: null });
    expect((await t.anonymous().post('/api/v1/auth/login', { username: 'newcomer', password: 'a good long password 1' })).status).toBe(200);
  });

  it('without a password, a readable one is generated and returned once', async () => {
    const res = await admin.post('/api/v1/admin/users', { username: 'generated', email: 'generated@example.com' });
    expect(res.status).toBe(201);
    expect(res.body.password).toMatch(/^[a-z0-9]+(-[a-z0-9]+){3}$/);
    expect((await t.anonymous().post('/api/v1/auth/login', { username: 'generated', password: res.body.password })).status).toBe(200);
    expect(JSON.stringify((await admin.get(`/api/v1/admin/users/${res.body.user.id}`)).body)).not.toContain(res.body.password);
  });

  it('refuses taken usernames and emails (409), reserved names (409), bad input (400) and weak passwords (422)', async () => {
    await admin.post('/api/v1/admin/users', { username: 'dup', email: 'dup@example.com' });
    expectProblem(await admin.post('/api/v1/admin/users', { username: 'DUP', email: 'other@example.com' }), 409, 'username_taken');
    expectProblem(await admin.post('/api/v1/admin/users', { username: 'dup2', email: 'Dup@Example.com' }), 409, 'email_taken');
    for (const reserved of ['root', 'postmaster', 'admin', 'no-reply', 'mailer-daemon', 'admins', 'users']) {
      expectProblem(await admin.post('/api/v1/admin/users', { username: reserved, email: `${reserved}-x@example.com` }), 409, 'username_reserved');
    }
    expectProblem(await admin.post('/api/v1/admin/users', { username: 'bad name', email: 'x@example.com' }), 400, 'invalid_username');
    expectProblem(await admin.post('/api/v1/admin/users', { username: '../etc', email: 'x@example.com' }), 400, 'invalid_username');
    expectProblem(await admin.post('/api/v1/admin/users', { username: 'okname', email: 'no-at-sign' }), 400, 'invalid_email');
    expectProblem(await admin.post('/api/v1/admin/users', { username: 'okname', email: 'ok@example.com', password: 'letmein' }), 422, 'password_too_short');
    expectProblem(await admin.post('/api/v1/admin/users', { username: 'okname', email: 'ok@example.com', role: 'superuser' }), 400, 'invalid_request');
    expectProblem(await admin.post('/api/v1/admin/users', { username: 42, email: 'ok@example.com' }), 400, 'invalid_request');
  });

  it('lists with pagination and search', async () => {
    for (let i = 0; i < 5; i++) await t.createUser({ username: `pager${i}`, email: `pager${i}@example.org` });
    const first = await admin.get('/api/v1/admin/users?limit=2&q=pager');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const seen = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await admin.get(`/api/v1/admin/users?limit=2&q=pager&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    expect(seen.map((u: { username: string }) => u.username).sort()).toEqual(['pager0', 'pager1', 'pager2', 'pager3', 'pager4']);
    expect((await admin.get('/api/v1/admin/users?q=PAGER3')).body.items).toHaveLength(1);
    expect((await admin.get('/api/v1/admin/users?q=%25')).body.items).toHaveLength(0);
    expectProblem(await admin.get('/api/v1/admin/users?cursor=garbage'), 400, 'invalid_cursor');
    expectProblem(await admin.get('/api/v1/admin/users?limit=0'), 400, 'invalid_request');
    expectProblem(await admin.get('/api/v1/admin/users?limit=abc'), 400, 'invalid_request');
  });

  it('gets one user; an unknown id is 404 user_not_found', async () => {
    const user = await t.createUser();
    expect((await admin.get(`/api/v1/admin/users/${user.id}`)).body).toMatchObject({ id: user.id, username: user.username });
    expectProblem(await admin.get('/api/v1/admin/users/nope'), 404, 'user_not_found');
  });

  it('deleting a user ends their sessions at once and frees the username and email', async () => {
    const user = await t.createUser({ username: 'leaving', email: 'leaving@example.com' });
    const theirs = await t.login(user);
    expect((await admin.delete(`/api/v1/admin/users/${user.id}`)).status).toBe(204);
    expectProblem(await theirs.get('/api/v1/profile'), 401, 'unauthenticated');
    expectProblem(await admin.delete(`/api/v1/admin/users/${user.id}`), 404, 'user_not_found');
    const again = await admin.post('/api/v1/admin/users', { username: 'leaving', email: 'LEAVING@example.com' });
    expect(again.status).toBe(201);
    expect(again.body.user.id).not.toBe(user.id);
    const db = t.app.userhub.database.db;
    for (const table of ['sessions', 'credentials', 'security_events'] as const) {
      const rows = await db.selectFrom(table).select('user_id').where('user_id', '=', user.id).execute();
      expect(rows, table).toHaveLength(0);
    }
  });

  it('the last admin cannot be deleted (409 last_admin)', async () => {
    expectProblem(await admin.delete(`/api/v1/admin/users/${adminUser.id}`), 409, 'last_admin');
  });

  it('non-admins get 403 admin_required on every admin route; anonymous callers 401', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.get('/api/v1/admin/users'), 403, 'admin_required');
    expectProblem(await client.post('/api/v1/admin/users', { username: 'x1', email: 'x1@example.com' }), 403, 'admin_required');
    expectProblem(await client.get(`/api/v1/admin/users/${adminUser.id}`), 403, 'admin_required');
    expectProblem(await client.delete(`/api/v1/admin/users/${adminUser.id}`), 403, 'admin_required');
    expectProblem(await t.anonymous().get('/api/v1/admin/users'), 401, 'unauthenticated');
  });
});
