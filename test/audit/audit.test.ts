import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, STRONG_PASSWORD, expectProblem, setupApp, uniqueName } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import type { TestClient } from '../helpers/client.js';
import { enableTotp } from '../helpers/twofactor.js';

let t: TestApp;
let admin: TestClient;
let adminUser: TestUser;

beforeAll(async () => {
  t = await setupApp();
  ({ user: adminUser, client: admin } = await t.signedInUser({ role: 'admin' }));
});
afterAll(async () => t.close());

interface Entry {
  id: string;
  type: string;
  actor: { id: string | null; username: string };
  target: { kind: string; id: string | null; label: string };
  at: string;
  ip: string | null;
  changes: Record<string, unknown>;
}

async function audit(query = ''): Promise<{ items: Entry[]; nextCursor: string | null }> {
  const res = await admin.get(`/api/v1/admin/audit${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** The newest entries of one target (the filter under test elsewhere). */
const entriesOf = async (targetId: string) => (await audit(`?target=${targetId}&limit=100`)).items;
const byAdmin = () => ({ id: adminUser.id, username: adminUser.username });

describe('the admin audit records every administrative change with actor, target, time, address and what changed', () => {
  it('user edits: one entry per change with from/to; disabling and enabling have their own types', async () => {
    const user = await t.createUser();
    expect((await admin.patch(`/api/v1/admin/users/${user.id}`, { displayName: 'Grace Hopper', role: 'usermanager' })).status).toBe(200);
    expect((await admin.patch(`/api/v1/admin/users/${user.id}`, { disabled: true })).status).toBe(200);
    expect((await admin.patch(`/api/v1/admin/users/${user.id}`, { disabled: false })).status).toBe(200);
    const [enabled, disabled, edited] = await entriesOf(user.id);
    expect(edited).toMatchObject({
      type: 'user_updated',
      actor: byAdmin(),
      target: { kind: 'user', id: user.id, label: user.username },
      ip: '127.0.0.1',
      changes: { displayName: { from: user.username, to: 'Grace Hopper' }, role: { from: 'user', to: 'usermanager' } },
    });
    expect(Date.parse(edited!.at)).not.toBeNaN();
    expect(disabled).toMatchObject({ type: 'user_disabled', changes: { disabled: { from: false, to: true } } });
    expect(enabled).toMatchObject({ type: 'user_enabled', changes: { disabled: { from: true, to: false } } });
  });

  it('creating, inviting and a temporary password; the command line as the system', async () => {
    const name = uniqueName('new');
    const created = await admin.post('/api/v1/admin/users', { username: name, email: `${name}@example.com`, password: STRONG_PASSWORD, mustChangePassword: true });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.user.id;
    expect((await admin.patch(`/api/v1/admin/users/${id}`, { mustChangePassword: false })).status).toBe(200);
    expect(await entriesOf(id)).toMatchObject([
      { type: 'user_updated', changes: { mustChangePassword: { from: true, to: false } } },
      { type: 'user_created', actor: byAdmin(), target: { kind: 'user', label: name }, changes: { email: `${name}@example.com`, role: 'user', mustChangePassword: true, passwordGenerated: false } },
    ]);

    const invitee = uniqueName('inv');
    const invited = await admin.post('/api/v1/admin/users', { username: invitee, email: `${invitee}@example.com`, invite: true });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect((await admin.post(`/api/v1/admin/users/${invited.body.user.id}/invitation`)).status).toBe(202);
    expect(await entriesOf(invited.body.user.id)).toMatchObject([
      { type: 'user_invited', changes: { resent: true } },
      { type: 'user_invited', changes: { email: `${invitee}@example.com`, role: 'user' } },
    ]);

    const cliName = uniqueName('cli');
    expect((await runCli(t, ['user', 'create', '--username', cliName, '--email', `${cliName}@example.com`])).code).toBe(0);
    const [cliEntry] = (await audit('?type=user_created&limit=1')).items;
    expect(cliEntry).toMatchObject({ actor: { id: null, username: 'system' }, target: { label: cliName }, ip: null });
  });

  it('a refused change records nothing', async () => {
    const user = await t.createUser();
    const other = await t.createUser();
    expectProblem(await admin.patch(`/api/v1/admin/users/${user.id}`, { email: other.email }), 409, 'email_taken');
    expect(await entriesOf(user.id)).toEqual([]);
  });

  it('a deleted user keeps their entries, the label naming them', async () => {
    const user = await t.createUser();
    expect((await admin.delete(`/api/v1/admin/users/${user.id}`)).status).toBe(204);
    expect(await entriesOf(user.id)).toMatchObject([{ type: 'user_deleted', target: { kind: 'user', id: user.id, label: user.username }, changes: { email: user.email, role: 'user' } }]);
  });

  it('a 2FA reset', async () => {
    const created = await t.signedInUser();
    await enableTotp(t, created.client);
    expect((await admin.post(`/api/v1/admin/users/${created.user.id}/twofactor/reset`)).status).toBe(200);
    expect(await entriesOf(created.user.id)).toMatchObject([
      { type: 'user_twofactor_reset', actor: byAdmin(), changes: { totpRemoved: true, passkeysRemoved: 0, sessionsEnded: 1 } },
    ]);
  });

  it('instance settings: only what changed', async () => {
    expect((await admin.patch('/api/v1/admin/settings', { profilesLocked: true, gravatar: (await admin.get('/api/v1/admin/settings')).body.gravatar })).status).toBe(200);
    const [entry] = (await audit('?type=settings_updated')).items;
    expect(entry).toMatchObject({ actor: byAdmin(), target: { kind: 'settings', id: null }, changes: { profilesLocked: { from: false, to: true } } });
    expect(Object.keys(entry!.changes)).toEqual(['profilesLocked']);
    expect((await admin.patch('/api/v1/admin/settings', { profilesLocked: false })).status).toBe(200);
  });

  it('accounts, groups and memberships; a membership is on the member’s record', async () => {
    const name = uniqueName('Acme');
    const account = (await admin.post('/api/v1/admin/accounts', { name, type: 'vendor' })).body;
    expect((await admin.patch(`/api/v1/admin/accounts/${account.id}`, { requiresMfa: true })).status).toBe(200);
    const sales = (await admin.post(`/api/v1/admin/accounts/${account.id}/groups`, { name: 'Sales' })).body;
    const support = (await admin.post(`/api/v1/admin/accounts/${account.id}/groups`, { name: 'Support' })).body;
    expect((await admin.patch(`/api/v1/admin/accounts/${account.id}/groups/${support.id}`, { name: 'Help' })).status).toBe(200);
    const member = await t.createUser();
    expect((await admin.post(`/api/v1/admin/accounts/${account.id}/members`, { userId: member.id, groupId: sales.id })).status).toBe(201);
    expect((await admin.patch(`/api/v1/admin/accounts/${account.id}/members/${member.id}`, { groupId: support.id })).status).toBe(200);
    expect((await admin.delete(`/api/v1/admin/accounts/${account.id}/members/${member.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/v1/admin/accounts/${account.id}/groups/${sales.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/v1/admin/accounts/${account.id}`)).status).toBe(204);

    expect((await entriesOf(account.id)).map((e) => e.type)).toEqual(['account_deleted', 'account_updated', 'account_created']);
    expect((await entriesOf(account.id))[1]).toMatchObject({ target: { kind: 'account', label: name }, changes: { requiresMfa: { from: false, to: true } } });
    expect(await entriesOf(support.id)).toMatchObject([{ type: 'group_renamed', target: { kind: 'group', label: `${name}/Help` }, changes: { name: { from: 'Support', to: 'Help' } } }, { type: 'group_created' }]);
    expect((await entriesOf(sales.id)).map((e) => e.type)).toEqual(['group_deleted', 'group_created']);
    expect(await entriesOf(member.id)).toMatchObject([
      { type: 'member_removed', target: { kind: 'user', label: member.username }, changes: { account: name, group: 'Help' } },
      { type: 'member_moved', changes: { account: name, group: { from: 'Sales', to: 'Help' } } },
      { type: 'member_added', changes: { account: name, accountId: account.id, group: 'Sales' } },
    ]);
  });

  it('apps: settings changed, secret rotated (never the secret), deleted', async () => {
    const created = await admin.post('/api/v1/admin/apps', { name: uniqueName('Wiki'), url: 'https://wiki.example.com' });
    expect(created.status).toBe(201);
    const app = created.body;
    expect((await admin.patch(`/api/v1/admin/apps/${app.id}`, { url: 'https://docs.example.com' })).status).toBe(200);
    const rotated = await admin.post(`/api/v1/admin/apps/${app.id}/secret`);
    expect(rotated.status).toBe(200);
    expect((await admin.delete(`/api/v1/admin/apps/${app.id}`)).status).toBe(204);
    const entries = await entriesOf(app.id);
    expect(entries.map((e) => e.type)).toEqual(['app_deleted', 'app_secret_rotated', 'app_updated', 'app_created']);
    expect(entries[2]).toMatchObject({ target: { kind: 'app', label: app.name }, changes: { url: { from: 'https://wiki.example.com', to: 'https://docs.example.com' } } });
    expect(Object.keys(entries[2]!.changes)).toEqual(['url']);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(created.body.secret);
    expect(text).not.toContain(rotated.body.secret);
  });

  it('the directory: configured (never the bind password) and disconnected', async () => {
    expect((await admin.post('/api/v1/auth/reauthenticate', { password: STRONG_PASSWORD })).status).toBe(204);
    const bindPassword = 'bind-secret-do-not-log';
    const config = { url: 'ldap://127.0.0.1:1', bindDn: 'cn=admin,dc=example,dc=org', bindPassword, baseDn: 'ou=people,dc=example,dc=org', userFilter: '(objectClass=inetOrgPerson)', enabled: false };
    expect((await admin.put('/api/v1/admin/directory', config)).status).toBe(200);
    expect((await admin.delete('/api/v1/admin/directory')).status).toBe(204);
    const [removed, configured] = (await audit('?limit=2')).items;
    expect(removed).toMatchObject({ type: 'directory_removed', target: { kind: 'directory' }, changes: { url: 'ldap://127.0.0.1:1' } });
    expect(configured).toMatchObject({ type: 'directory_configured', changes: { url: { from: null, to: 'ldap://127.0.0.1:1' }, bindPassword: 'changed' } });
    expect(JSON.stringify(configured)).not.toContain(bindPassword);
  });

  it('a lockdown names the user as the actor', async () => {
    const { user, client } = await t.signedInUser();
    expect((await client.post('/api/v1/profile/lockdown')).status).toBe(200);
    expect(await entriesOf(user.id)).toMatchObject([{ type: 'user_locked_down', actor: { id: user.id, username: user.username }, changes: { via: 'session', sessionsEnded: 1 } }]);
  });
});

describe('GET /api/v1/admin/audit', () => {
  it('filters by actor, target and type, newest first, and pages with the cursor', async () => {
    const other = await t.signedInUser({ role: 'admin' });
    const users = [await t.createUser(), await t.createUser(), await t.createUser()];
    for (const user of users) expect((await other.client.patch(`/api/v1/admin/users/${user.id}`, { displayName: `Renamed ${user.username}` })).status).toBe(200);
    expect((await admin.patch(`/api/v1/admin/users/${users[0]!.id}`, { disabled: true })).status).toBe(200);

    const mine = await audit(`?actor=${other.user.id}`);
    expect(mine.items.map((e) => e.target.id)).toEqual(users.map((u) => u.id).reverse());
    expect(mine.items.every((e) => e.actor.username === other.user.username)).toBe(true);
    expect((await audit(`?actor=${other.user.id}&type=user_disabled`)).items).toEqual([]);
    expect((await audit(`?target=${users[0]!.id}&type=user_disabled`)).items).toHaveLength(1);

    const first = await audit(`?actor=${other.user.id}&limit=2`);
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await audit(`?actor=${other.user.id}&limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((e) => e.target.id)).toEqual([users[0]!.id]);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses bad filters with problem+json', async () => {
    expectProblem(await admin.get('/api/v1/admin/audit?type=nope'), 400, 'invalid_request');
    expectProblem(await admin.get('/api/v1/admin/audit?cursor=not-a-cursor'), 400, 'invalid_cursor');
    expectProblem(await admin.get('/api/v1/admin/audit?limit=1000'), 400, 'invalid_request');
    expectProblem(await admin.get(`/api/v1/admin/audit?actor=${'x'.repeat(65)}`), 400, 'invalid_request');
  });

  it('is for admins only: a user manager and a user get 403, nobody signed in 401', async () => {
    expectProblem(await (await t.signedInUser({ role: 'usermanager' })).client.get('/api/v1/admin/audit'), 403, 'admin_required');
    expectProblem(await (await t.signedInUser()).client.get('/api/v1/admin/audit'), 403, 'admin_required');
    expect((await t.anonymous().get('/api/v1/admin/audit')).status).toBe(401);
  });
});

describe('the user’s own timeline names who acted', () => {
  it('an admin by username, the command line as the system, the user as themselves', async () => {
    const { user, client } = await t.signedInUser();
    expect((await admin.patch(`/api/v1/admin/users/${user.id}`, { displayName: 'Ada' })).status).toBe(200);
    await t.app.userhub.services.adminUsers.setDisabledByUsername(user.username, true);
    await t.app.userhub.services.adminUsers.setDisabledByUsername(user.username, false);
    const relogged = await t.login(user);
    expect((await relogged.patch('/api/v1/profile', { displayName: 'Ada L.' })).status).toBe(200);
    const events = (await relogged.get('/api/v1/profile/events?limit=100')).body.items as { type: string; actor: unknown }[];
    const actorOf = (type: string) => events.find((e) => e.type === type)?.actor;
    expect(events.filter((e) => e.type === 'profile_updated').map((e) => e.actor)).toEqual([
      { kind: 'self', username: null },
      { kind: 'admin', username: adminUser.username },
    ]);
    expect(actorOf('account_disabled')).toEqual({ kind: 'system', username: null });
    expect(actorOf('sign_in_succeeded')).toEqual({ kind: 'self', username: null });
    expect(client).toBeDefined();
  });
});
