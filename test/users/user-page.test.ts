import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { type MailTestApp, setupMailApp, tokenMailed } from '../helpers/mail.js';
import { NEW_PASSWORD, RESET_SUBJECT, confirmReset } from '../helpers/password-reset.js';

let t: MailTestApp;
let admin: TestClient;
let adminName: string;
let manager: TestClient;

beforeAll(async () => {
  t = await setupMailApp();
  const signedIn = await t.signedInUser({ role: 'admin' });
  admin = signedIn.client;
  adminName = signedIn.user.username;
  manager = (await t.signedInUser({ role: 'usermanager' })).client;
});
afterAll(async () => t.close());

const auditOf = async (id: string) => (await admin.get(`/api/v1/admin/audit?target=${id}`)).body.items as { type: string; actor: { username: string }; changes: Record<string, unknown> }[];

describe('the admin user page', () => {
  it('lists the active sessions; ending one signs that browser out, recorded on the timeline (naming the admin) and the audit', async () => {
    const { user, client: laptop } = await t.signedInUser();
    const phone = await t.login(user);
    const listed = await admin.get(`/api/v1/admin/users/${user.id}/sessions`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(2);
    expect(listed.body.items[0]).toMatchObject({ id: expect.any(String), ip: '127.0.0.1', method: 'password', endedAt: null });
    const phoneSession = listed.body.items[0].id;

    expect((await admin.delete(`/api/v1/admin/users/${user.id}/sessions/${phoneSession}`)).status).toBe(204);
    expect((await phone.get('/api/v1/profile')).status).toBe(401);
    expect((await laptop.get('/api/v1/profile')).status).toBe(200);
    expectProblem(await admin.delete(`/api/v1/admin/users/${user.id}/sessions/${phoneSession}`), 404, 'session_not_found');

    const ended = (await laptop.get('/api/v1/sessions?state=ended')).body.items;
    expect(ended).toMatchObject([{ id: phoneSession, endReason: 'ended_by_admin' }]);
    const event = (await laptop.get('/api/v1/profile/events')).body.items.find((e: { type: string }) => e.type === 'session_revoked');
    expect(event).toMatchObject({ actor: { kind: 'admin', username: adminName }, details: { sessionId: phoneSession } });
    expect(await auditOf(user.id)).toMatchObject([{ type: 'user_sessions_ended', actor: { username: adminName }, changes: { sessionId: phoneSession } }]);
  });

  it('ends every session at once', async () => {
    const { user, client } = await t.signedInUser();
    const other = await t.login(user);
    const res = await admin.delete(`/api/v1/admin/users/${user.id}/sessions`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ended: 2 });
    for (const c of [client, other]) expect((await c.get('/api/v1/profile')).status).toBe(401);
    expect((await admin.delete(`/api/v1/admin/users/${user.id}/sessions`)).body).toEqual({ ended: 0 });
    expect((await admin.get(`/api/v1/admin/users/${user.id}/sessions`)).body.items).toEqual([]);
  });

  it('shows the recent activity and the memberships', async () => {
    const { user } = await t.signedInUser();
    const events = await admin.get(`/api/v1/admin/users/${user.id}/events?limit=5`);
    expect(events.status).toBe(200);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(['sign_in_succeeded', 'account_created']);
    const account = (await admin.post('/api/v1/admin/accounts', { name: `Org ${user.username}`, type: 'reseller', requiresMfa: true })).body;
    const group = (await admin.post(`/api/v1/admin/accounts/${account.id}/groups`, { name: 'Ops' })).body;
    expect((await admin.post(`/api/v1/admin/accounts/${account.id}/members`, { userId: user.id, groupId: group.id })).status).toBe(201);
    const memberships = await admin.get(`/api/v1/admin/users/${user.id}/memberships`);
    expect(memberships.body.items).toEqual([
      { accountId: account.id, accountName: account.name, accountType: 'reseller', groupId: group.id, groupName: 'Ops', requiresMfa: true },
    ]);
  });

  it('sends a password-reset mail the user can use; refused for a directory or disabled user', async () => {
    const user = await t.createUser();
    expect((await admin.post(`/api/v1/admin/users/${user.id}/password-reset`)).status).toBe(202);
    const token = await tokenMailed(t, user.email, RESET_SUBJECT, '/reset');
    expect((await confirmReset(t, { token, newPassword: NEW_PASSWORD })).status).toBe(204);
    expect((await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: NEW_PASSWORD })).status).toBe(200);
    expect(await auditOf(user.id)).toMatchObject([{ type: 'user_password_reset_sent', actor: { username: adminName } }]);

    const disabled = await t.createUser();
    expect((await admin.patch(`/api/v1/admin/users/${disabled.id}`, { disabled: true })).status).toBe(200);
    expectProblem(await admin.post(`/api/v1/admin/users/${disabled.id}/password-reset`), 403, 'user_disabled');
    const ldap = await t.app.userhub.services.users.insert(t.app.userhub.database.db, { username: `dir${user.username}`, email: `dir-${user.email}`, displayName: 'Dir', role: 'user', source: 'ldap' }, null);
    expectProblem(await admin.post(`/api/v1/admin/users/${ldap.id}/password-reset`), 403, 'managed_by_directory');
  });

  it('a user manager acts on plain users only; a plain user and nobody get nothing', async () => {
    const { user } = await t.signedInUser();
    const anAdmin = await t.createUser({ role: 'admin' });
    expect((await manager.get(`/api/v1/admin/users/${user.id}/sessions`)).status).toBe(200);
    for (const path of ['sessions', 'events', 'memberships']) {
      expectProblem(await manager.get(`/api/v1/admin/users/${anAdmin.id}/${path}`), 403, 'admin_required');
    }
    expectProblem(await manager.delete(`/api/v1/admin/users/${anAdmin.id}/sessions`), 403, 'admin_required');
    expectProblem(await manager.post(`/api/v1/admin/users/${anAdmin.id}/password-reset`), 403, 'admin_required');
    const plain = (await t.signedInUser()).client;
    expectProblem(await plain.get(`/api/v1/admin/users/${user.id}/sessions`), 403, 'admin_required');
    expect((await t.anonymous().delete(`/api/v1/admin/users/${user.id}/sessions`)).status).toBe(401);
    expectProblem(await admin.get('/api/v1/admin/users/nobody/sessions'), 404, 'user_not_found');
    expectProblem(await admin.get(`/api/v1/admin/users/${user.id}/events?cursor=bad`), 400, 'invalid_cursor');
  });
});
