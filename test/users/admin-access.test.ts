import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { issueToken } from '../helpers/tokens.js';
import { SYSTEM_BY } from '../../src/features/audit/by.js';

/**
 * Who may reach which admin route. Every admin route (users, settings, accounts, groups,
 * members, directory) is listed with a valid body, so a refusal can only come from the guard.
 */
let t: TestApp;
let ids: { user: string; account: string; group: string };

type Route = { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: () => string; body?: () => unknown };

const USERS_ROUTES: Route[] = [
  { method: 'GET', url: () => '/api/v1/admin/users' },
  { method: 'POST', url: () => '/api/v1/admin/users', body: () => ({ username: 'newbie', email: 'newbie@example.com' }) },
  { method: 'GET', url: () => `/api/v1/admin/users/${ids.user}` },
  { method: 'PATCH', url: () => `/api/v1/admin/users/${ids.user}`, body: () => ({ displayName: 'Renamed' }) },
  { method: 'DELETE', url: () => `/api/v1/admin/users/${ids.user}` },
];

const ADMIN_ONLY_ROUTES: Route[] = [
  { method: 'GET', url: () => '/api/v1/admin/settings' },
  { method: 'PATCH', url: () => '/api/v1/admin/settings', body: () => ({ profilesLocked: true }) },
  { method: 'GET', url: () => '/api/v1/admin/accounts' },
  { method: 'POST', url: () => '/api/v1/admin/accounts', body: () => ({ name: 'Evil Corp', type: 'vendor' }) },
  { method: 'GET', url: () => `/api/v1/admin/accounts/${ids.account}` },
  { method: 'PATCH', url: () => `/api/v1/admin/accounts/${ids.account}`, body: () => ({ requiresMfa: true }) },
  { method: 'DELETE', url: () => `/api/v1/admin/accounts/${ids.account}` },
  { method: 'GET', url: () => `/api/v1/admin/accounts/${ids.account}/groups` },
  { method: 'POST', url: () => `/api/v1/admin/accounts/${ids.account}/groups`, body: () => ({ name: 'Ops' }) },
  { method: 'PATCH', url: () => `/api/v1/admin/accounts/${ids.account}/groups/${ids.group}`, body: () => ({ name: 'Sales 2' }) },
  { method: 'DELETE', url: () => `/api/v1/admin/accounts/${ids.account}/groups/${ids.group}` },
  { method: 'GET', url: () => `/api/v1/admin/accounts/${ids.account}/members` },
  { method: 'POST', url: () => `/api/v1/admin/accounts/${ids.account}/members`, body: () => ({ userId: ids.user, groupId: ids.group }) },
  { method: 'PATCH', url: () => `/api/v1/admin/accounts/${ids.account}/members/${ids.user}`, body: () => ({ groupId: ids.group }) },
  { method: 'DELETE', url: () => `/api/v1/admin/accounts/${ids.account}/members/${ids.user}` },
  { method: 'GET', url: () => '/api/v1/admin/directory' },
  {
    method: 'PUT',
    url: () => '/api/v1/admin/directory',
    body: () => ({ url: 'ldap://127.0.0.1:1', bindDn: 'cn=x', bindPassword: 'x', baseDn: 'dc=x' }),
  },
  { method: 'DELETE', url: () => '/api/v1/admin/directory' },
  { method: 'POST', url: () => '/api/v1/admin/directory/test' },
  { method: 'POST', url: () => '/api/v1/admin/directory/sync' },
];

const ALL_ROUTES = [...USERS_ROUTES, ...ADMIN_ONLY_ROUTES];
const name = (r: Route) => `${r.method} ${r.url().replace(/\/[A-Za-z0-9_-]{22}/g, '/{id}')}`;

function call(client: TestClient, route: Route) {
  return client.request(route.method, route.url(), route.body?.());
}

async function snapshot() {
  const db = t.app.userhub.database.db;
  return {
    users: await db.selectFrom('users').selectAll().orderBy('id').execute(),
    accounts: await db.selectFrom('accounts').selectAll().orderBy('id').execute(),
    groups: await db.selectFrom('account_groups').selectAll().orderBy('id').execute(),
    members: await db.selectFrom('account_members').selectAll().orderBy('user_id').execute(),
    settings: await db.selectFrom('settings').selectAll().orderBy('key').execute(),
  };
}

beforeAll(async () => {
  t = await setupApp();
  const target = await t.createUser();
  const account = await t.app.userhub.services.accounts.create({ name: 'Acme', type: 'vendor' }, SYSTEM_BY);
  const group = await t.app.userhub.services.accounts.createGroup(account.id, 'Sales', SYSTEM_BY);
  ids = { user: target.id, account: account.id, group: group.id };
});
afterAll(async () => t.close());

describe('admin routes refuse everyone but their role', () => {
  it('without credentials: 401 unauthenticated on every admin route, nothing changes', async () => {
    const before = await snapshot();
    for (const route of ALL_ROUTES) {
      const res = await call(t.anonymous(), route);
      expect(res.status, name(route)).toBe(401);
      expectProblem(res, 401, 'unauthenticated');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a plain user (session): 403 admin_required on every admin route, nothing changes', async () => {
    const { client } = await t.signedInUser();
    const before = await snapshot();
    for (const route of ALL_ROUTES) {
      const res = await call(client, route);
      expect(res.status, name(route)).toBe(403);
      expectProblem(res, 403, 'admin_required');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a plain user with an invalid body still gets 403, not a validation error', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.post('/api/v1/admin/accounts', { type: 'pirate' }), 403, 'admin_required');
    expectProblem(await client.patch('/api/v1/admin/settings', { profilesLocked: 'yes' }), 403, 'admin_required');
    expectProblem(await client.put('/api/v1/admin/directory', {}), 403, 'admin_required');
  });

  it("a plain user's API token (read-write): 403 admin_required on every admin route", async () => {
    const user = await t.createUser();
    const client = t.anonymous();
    client.bearer = await issueToken(t, user.id, 'readwrite');
    const before = await snapshot();
    for (const route of ALL_ROUTES) {
      const res = await call(client, route);
      expectProblem(res, 403, 'admin_required');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a user manager: the users API is open, settings, accounts and directory are not', async () => {
    const { client } = await t.signedInUser({ role: 'usermanager' });
    for (const route of ADMIN_ONLY_ROUTES) {
      const res = await call(client, route);
      expect(res.status, name(route)).toBe(403);
      expectProblem(res, 403, 'admin_required');
    }
    expect((await client.get('/api/v1/admin/users')).status).toBe(200);
    expect((await client.get(`/api/v1/admin/users/${ids.user}`)).status).toBe(200);
  });

  it("an admin's readonly token may read every admin list but change nothing (403 token_readonly)", async () => {
    const admin = await t.createUser({ role: 'admin' });
    const client = t.anonymous();
    client.bearer = await issueToken(t, admin.id, 'readonly');
    const before = await snapshot();
    for (const route of ALL_ROUTES) {
      const res = await call(client, route);
      if (route.method === 'GET') expect(res.status, name(route)).toBe(200);
      else expectProblem(res, 403, 'token_readonly');
    }
    expect(await snapshot()).toEqual(before);
  });

  it("an admin's read-write token reaches the admin API", async () => {
    const admin = await t.createUser({ role: 'admin' });
    const client = t.anonymous();
    client.bearer = await issueToken(t, admin.id, 'readwrite');
    expect((await client.get('/api/v1/admin/settings')).status).toBe(200);
    const res = await client.post('/api/v1/admin/accounts', { name: 'Token Made', type: 'reseller' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('an unknown bearer token: 401 invalid_token', async () => {
    const client = t.anonymous();
    client.bearer = 'uh_nothing_like_a_real_token';
    expectProblem(await client.get('/api/v1/admin/users'), 401, 'invalid_token');
  });
});
