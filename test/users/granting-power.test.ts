import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, type TestApp, expectProblem, setupApp, uniqueName } from '../helpers/app.js';
import { issueToken, tokenClient } from '../helpers/tokens.js';
import type { TestClient } from '../helpers/client.js';

/**
 * Granting power (making an administrator, changing the directory connection) needs an
 * interactive admin session that signed in or re-authenticated recently (15 minutes here);
 * everyday user administration stays scriptable with an admin's readwrite token.
 */
const REAUTH_WINDOW_MS = 15 * 60_000;
let t: TestApp;
let admin: { id: string; username: string; password: string };
let adminClient: TestClient;
let adminToken: TestClient;

beforeAll(async () => {
  t = await setupApp();
  ({ user: admin, client: adminClient } = await t.signedInUser({ role: 'admin' }));
  adminToken = tokenClient(t, await issueToken(t, admin.id, 'readwrite'));
});
afterAll(async () => t.close());

const newUser = (role: 'user' | 'usermanager' | 'admin') => {
  const username = uniqueName('grant');
  return { username, email: `${username}@example.com`, password: STRONG_PASSWORD, role };
};
const stale = () => t.clock.advance(REAUTH_WINDOW_MS + 60_000);
const reauthenticate = async () => expect((await adminClient.post('/api/v1/auth/reauthenticate', { password: admin.password })).status).toBe(204);
const DIRECTORY = {
  url: 'ldap://127.0.0.1:1',
  bindDn: 'cn=admin,dc=example,dc=org',
  bindPassword: 'secret',
  baseDn: 'dc=example,dc=org',
};

describe('granting admin rights', () => {
  it('given an admin API token, then creating an admin is 403 reauthentication_required and nothing is created', async () => {
    const body = newUser('admin');
    expectProblem(await adminToken.post('/api/v1/admin/users', body), 403, 'reauthentication_required');
    const list = await adminToken.get(`/api/v1/admin/users?q=${body.username}`);
    expect(list.body.items).toEqual([]);
  });

  it('given an admin API token, then everyday administration works: create, change and disable a plain user, create a user manager', async () => {
    const created = await adminToken.post('/api/v1/admin/users', newUser('user'));
    expect(created.status).toBe(201);
    expect((await adminToken.patch(`/api/v1/admin/users/${created.body.user.id}`, { displayName: 'Renamed', disabled: true })).status).toBe(200);
    expect((await adminToken.post('/api/v1/admin/users', newUser('usermanager'))).status).toBe(201);
  });

  it('given an admin API token, then promoting a user to admin is 403 reauthentication_required and the role stays', async () => {
    const created = await adminToken.post('/api/v1/admin/users', newUser('user'));
    expectProblem(await adminToken.patch(`/api/v1/admin/users/${created.body.user.id}`, { role: 'admin' }), 403, 'reauthentication_required');
    expect((await adminToken.get(`/api/v1/admin/users/${created.body.user.id}`)).body.role).toBe('user');
  });

  it('given a session past the window, then 403 reauthentication_required; after re-authenticating, the promotion works', async () => {
    const created = await adminClient.post('/api/v1/admin/users', newUser('user'));
    stale();
    expectProblem(await adminClient.patch(`/api/v1/admin/users/${created.body.user.id}`, { role: 'admin' }), 403, 'reauthentication_required');
    expectProblem(await adminClient.post('/api/v1/admin/users', newUser('admin')), 403, 'reauthentication_required');
    // sending the role a user already has grants nothing: no re-authentication asked
    expect((await adminClient.patch(`/api/v1/admin/users/${created.body.user.id}`, { role: 'user', displayName: 'Same role' })).status).toBe(200);
    await reauthenticate();
    const promoted = await adminClient.patch(`/api/v1/admin/users/${created.body.user.id}`, { role: 'admin' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('admin');
    expect((await adminClient.post('/api/v1/admin/users', newUser('admin'))).status).toBe(201);
  });
});

describe('re-enabling an admin', () => {
  it('given a disabled admin, then enabling them needs a recent sign-in: 403 for a token, 200 for a fresh session', async () => {
    await reauthenticate();
    const created = await adminClient.post('/api/v1/admin/users', newUser('admin'));
    expect(created.status).toBe(201);
    expect((await adminToken.patch(`/api/v1/admin/users/${created.body.user.id}`, { disabled: true })).status).toBe(200);
    expectProblem(await adminToken.patch(`/api/v1/admin/users/${created.body.user.id}`, { disabled: false }), 403, 'reauthentication_required');
    expect((await adminToken.get(`/api/v1/admin/users/${created.body.user.id}`)).body.disabled).toBe(true);
    await reauthenticate();
    expect((await adminClient.patch(`/api/v1/admin/users/${created.body.user.id}`, { disabled: false })).status).toBe(200);
  });
});

describe('changing the directory connection', () => {
  it('given an admin API token, then PUT and DELETE /admin/directory are 403 reauthentication_required; reading works', async () => {
    expectProblem(await adminToken.put('/api/v1/admin/directory', DIRECTORY), 403, 'reauthentication_required');
    expectProblem(await adminToken.delete('/api/v1/admin/directory'), 403, 'reauthentication_required');
    expect((await adminToken.get('/api/v1/admin/directory')).status).toBe(200);
  });

  it('given a session past the window, then 403; after re-authenticating, the connection is saved', async () => {
    stale();
    expectProblem(await adminClient.put('/api/v1/admin/directory', DIRECTORY), 403, 'reauthentication_required');
    expect((await adminClient.get('/api/v1/admin/directory')).body.config).toBeNull();
    await reauthenticate();
    const saved = await adminClient.put('/api/v1/admin/directory', DIRECTORY);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.url).toBe(DIRECTORY.url);
  });
});
