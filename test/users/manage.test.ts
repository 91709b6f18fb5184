import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp, uniqueName } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

let t: TestApp;
let admin: TestClient;
let manager: TestClient;

beforeAll(async () => {
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
  manager = (await t.signedInUser({ role: 'usermanager' })).client;
});
afterAll(async () => t.close());

const events = (userId: string) =>
  t.app.userhub.database.db.selectFrom('security_events').select(['type', 'details']).where('user_id', '=', userId).orderBy('created_at').execute();

describe('PATCH /api/v1/admin/users/{id}', () => {
  it('given an admin, when changing name, emails and role, then 200 with the new values and events on the user timeline', async () => {
    const user = await t.createUser();
    const res = await admin.patch(`/api/v1/admin/users/${user.id}`, {
      displayName: '  Grace Hopper ',
      email: `grace-${user.username}@example.com`,
      recoveryEmail: 'backup@example.org',
      role: 'usermanager',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      id: user.id,
      displayName: 'Grace Hopper',
      email: `grace-${user.username}@example.com`,
      recoveryEmail: 'backup@example.org',
      role: 'usermanager',
      isAdmin: false,
      disabled: false,
    });
    const types = (await events(user.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['email_changed', 'profile_updated', 'role_changed']));
    expect((await admin.get(`/api/v1/admin/users/${user.id}`)).body.role).toBe('usermanager');
  });

  it('given recoveryEmail null or empty, then it is cleared', async () => {
    const user = await t.createUser();
    await admin.patch(`/api/v1/admin/users/${user.id}`, { recoveryEmail: 'r@example.org' });
    expect((await admin.patch(`/api/v1/admin/users/${user.id}`, { recoveryEmail: null })).body.recoveryEmail).toBeNull();
    await admin.patch(`/api/v1/admin/users/${user.id}`, { recoveryEmail: 'r@example.org' });
    expect((await admin.patch(`/api/v1/admin/users/${user.id}`, { recoveryEmail: '' })).body.recoveryEmail).toBeNull();
  });

  it('given promotion to admin, then isAdmin is derived in the profile', async () => {
    const { user, client } = await t.signedInUser();
    expect((await client.get('/api/v1/profile')).body).toMatchObject({ isAdmin: false, role: 'user' });
    await admin.patch(`/api/v1/admin/users/${user.id}`, { role: 'admin' });
    expect((await client.get('/api/v1/profile')).body).toMatchObject({ isAdmin: true, role: 'admin' });
  });

  it('given an email used by another user (in other case), then 409 email_taken and nothing changes', async () => {
    const [a, b] = [await t.createUser(), await t.createUser()];
    expectProblem(await admin.patch(`/api/v1/admin/users/${a.id}`, { email: b.email.toUpperCase(), displayName: 'Changed' }), 409, 'email_taken');
    expect((await admin.get(`/api/v1/admin/users/${a.id}`)).body).toMatchObject({ email: a.email, displayName: a.username });
  });

  it.each([
    ['an invalid email', 400, 'invalid_email', { email: 'not-an-email' }],
    ['an invalid recovery email', 400, 'invalid_email', { recoveryEmail: 'a@b' }],
    ['a blank display name', 400, 'invalid_display_name', { displayName: '   ' }],
    ['a display name with control characters', 400, 'invalid_display_name', { displayName: 'a\u0007b' }],
    ['an unknown role', 400, 'invalid_request', { role: 'superuser' }],
    ['disabled as a string', 400, 'invalid_request', { disabled: 'yes' }],
    ['a number as display name', 400, 'invalid_request', { displayName: 42 }],
    ['a huge display name', 400, 'invalid_request', { displayName: 'x'.repeat(100_000) }],
    ['an empty body', 400, 'invalid_request', {}],
    ['a username', 422, 'username_immutable', { username: 'renamed' }],
  ])('given %s, then %i %s and nothing changes', async (_name, status, code, body) => {
    const user = await t.createUser();
    const before = (await admin.get(`/api/v1/admin/users/${user.id}`)).body;
    expectProblem(await admin.patch(`/api/v1/admin/users/${user.id}`, body), status, code);
    expect((await admin.get(`/api/v1/admin/users/${user.id}`)).body).toEqual(before);
  });

  it('given an unknown id, then 404 user_not_found', async () => {
    expectProblem(await admin.patch('/api/v1/admin/users/nobody', { displayName: 'X' }), 404, 'user_not_found');
    expectProblem(await admin.get('/api/v1/admin/users/nobody'), 404, 'user_not_found');
    expectProblem(await admin.delete('/api/v1/admin/users/nobody'), 404, 'user_not_found');
  });

  it('given malformed JSON, then 400 invalid_json', async () => {
    const user = await t.createUser();
    const res = await admin.patch(`/api/v1/admin/users/${user.id}`, undefined, { raw: '{"role":', headers: { 'content-type': 'application/json' } });
    expectProblem(res, 400, 'invalid_json');
  });
});

describe('user managers', () => {
  it('may create, change, disable and delete plain users', async () => {
    const created = await manager.post('/api/v1/admin/users', { username: uniqueName('mgd'), email: `${uniqueName('m')}@example.com` });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.user.role).toBe('user');
    expect(created.body.password).toMatch(/^[a-z2-9]{6}(-[a-z2-9]{6}){3}$/);
    const id = created.body.user.id;
    expect((await manager.patch(`/api/v1/admin/users/${id}`, { displayName: 'Managed', disabled: true })).body).toMatchObject({ displayName: 'Managed', disabled: true });
    expect((await manager.delete(`/api/v1/admin/users/${id}`)).status).toBe(204);
  });

  it('cannot grant the manager or admin role: 403 admin_required', async () => {
    const user = await t.createUser();
    expectProblem(await manager.patch(`/api/v1/admin/users/${user.id}`, { role: 'admin' }), 403, 'admin_required');
    expectProblem(await manager.patch(`/api/v1/admin/users/${user.id}`, { role: 'usermanager' }), 403, 'admin_required');
    expectProblem(
      await manager.post('/api/v1/admin/users', { username: uniqueName('x'), email: `${uniqueName('x')}@example.com`, role: 'admin' }),
      403,
      'admin_required',
    );
    expect((await admin.get(`/api/v1/admin/users/${user.id}`)).body.role).toBe('user');
  });

  it('cannot see, change, disable or delete other managers or admins (403 admin_required): they see only what they may act on', async () => {
    const otherManager = await t.createUser({ role: 'usermanager' });
    const anAdmin = await t.createUser({ role: 'admin' });
    for (const target of [otherManager, anAdmin]) {
      expectProblem(await manager.get(`/api/v1/admin/users/${target.id}`), 403, 'admin_required');
      expectProblem(await manager.patch(`/api/v1/admin/users/${target.id}`, { displayName: 'Hijacked' }), 403, 'admin_required');
      expectProblem(await manager.patch(`/api/v1/admin/users/${target.id}`, { disabled: true }), 403, 'admin_required');
      expectProblem(await manager.patch(`/api/v1/admin/users/${target.id}`, { role: 'user' }), 403, 'admin_required');
      expectProblem(await manager.delete(`/api/v1/admin/users/${target.id}`), 403, 'admin_required');
    }
    expect((await admin.get(`/api/v1/admin/users/${anAdmin.id}`)).body).toMatchObject({ role: 'admin', disabled: false, displayName: anAdmin.username });
  });

  it('cannot promote themselves', async () => {
    const { user, client } = await t.signedInUser({ role: 'usermanager' });
    expectProblem(await client.patch(`/api/v1/admin/users/${user.id}`, { role: 'admin' }), 403, 'admin_required');
  });
});

describe('POST /api/v1/admin/users: reserved usernames', () => {
  it.each(['admin', 'root', 'postmaster', 'no-reply', 'mailer-daemon', 'admins', 'users', 'ROOT'])('given %s, then 409 username_reserved', async (username) => {
    const res = await admin.post('/api/v1/admin/users', { username, email: `${uniqueName('r')}@example.com` });
    expectProblem(res, 409, 'username_reserved');
    expect(await t.app.userhub.services.users.findByUsername(username.toLowerCase())).toBeUndefined();
  });

  it('the bootstrap admin alone may be called admin', async () => {
    const fresh = await setupApp();
    try {
      const { ensureBootstrapAdmin } = await import('../../src/bootstrap.js');
      const created = await ensureBootstrapAdmin(fresh.app.userhub.services, fresh.config);
      expect(created?.username).toBe('admin');
    } finally {
      await fresh.close();
    }
  });

  it('applies the admin-set minimum password length to given passwords and still generates a valid one', async () => {
    await admin.patch('/api/v1/admin/settings', { passwordPolicy: { minLength: 40 } });
    try {
      const short = await admin.post('/api/v1/admin/users', { username: uniqueName('p'), email: `${uniqueName('p')}@example.com`, password: 'a fine but short passphrase' });
      expectProblem(short, 422, 'password_too_short');
      const generated = await admin.post('/api/v1/admin/users', { username: uniqueName('g'), email: `${uniqueName('g')}@example.com` });
      expect(generated.status, JSON.stringify(generated.body)).toBe(201);
      expect([...generated.body.password].length).toBeGreaterThanOrEqual(40);
    } finally {
      await admin.patch('/api/v1/admin/settings', { passwordPolicy: { minLength: 8 } });
    }
  });
});

describe('GET /api/v1/admin/users: search and pagination', () => {
  it('finds by part of username, email or display name, case-insensitively, and pages with a cursor', async () => {
    const tag = uniqueName('zebra');
    for (let i = 0; i < 5; i++) await t.createUser({ username: `${tag}-${i}`, displayName: `Stripe ${tag.toUpperCase()} ${i}` });
    const byName = await admin.get(`/api/v1/admin/users?q=${encodeURIComponent(`stripe ${tag}`)}`);
    expect(byName.body.items).toHaveLength(5);
    const first = await admin.get(`/api/v1/admin/users?q=${tag.toUpperCase()}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const seen = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await admin.get(`/api/v1/admin/users?q=${tag}&limit=2&cursor=${cursor}`);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    expect(seen.map((u) => u.username)).toEqual([0, 1, 2, 3, 4].map((i) => `${tag}-${i}`));
    expect((await admin.get(`/api/v1/admin/users?q=${tag}-3@EXAMPLE`)).body.items.map((u: { username: string }) => u.username)).toEqual([`${tag}-3`]);
  });

  it('treats % and _ in the search literally and rejects bad cursors and limits', async () => {
    expect((await admin.get('/api/v1/admin/users?q=%25')).body.items).toHaveLength(0);
    expectProblem(await admin.get('/api/v1/admin/users?cursor=garbage'), 400, 'invalid_cursor');
    expectProblem(await admin.get('/api/v1/admin/users?limit=0'), 400, 'invalid_request');
    expectProblem(await admin.get('/api/v1/admin/users?limit=abc'), 400, 'invalid_request');
    expectProblem(await admin.get(`/api/v1/admin/users?q=${'x'.repeat(101)}`), 400, 'invalid_request');
  });
});
