import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { issueToken } from '../helpers/tokens.js';

let t: TestApp;
let admin: TestClient;

beforeAll(async () => {
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
});
afterAll(async () => t.close());

const activeSessions = (userId: string) =>
  t.app.userhub.database.db.selectFrom('sessions').select(['id', 'end_reason', 'ended_at']).where('user_id', '=', userId).execute();

describe('disabling a user', () => {
  it('ends every session (reason user_disabled) and refuses the cookie and the API token on the very next request', async () => {
    const user = await t.createUser();
    const laptop = await t.login(user);
    const phone = await t.login(user);
    const script = t.anonymous();
    script.bearer = await issueToken(t, user.id, 'readwrite');
    expect((await script.get('/api/v1/profile')).status).toBe(200);

    const res = await admin.patch(`/api/v1/admin/users/${user.id}`, { disabled: true });
    expect(res.status).toBe(200);
    expect(res.body.disabled).toBe(true);

    expectProblem(await laptop.get('/api/v1/profile'), 401, 'unauthenticated');
    expectProblem(await phone.get('/api/v1/sessions'), 401, 'unauthenticated');
    expectProblem(await script.get('/api/v1/profile'), 401, 'invalid_token');
    const sessions = await activeSessions(user.id);
    expect(sessions).toHaveLength(2);
    for (const s of sessions) expect(s).toMatchObject({ end_reason: 'user_disabled', ended_at: expect.any(String) });

    const events = await t.app.userhub.database.db.selectFrom('security_events').select('type').where('user_id', '=', user.id).execute();
    expect(events.map((e) => e.type)).toContain('account_disabled');
  });

  it('refuses login with 403 user_disabled only after the right password; a wrong one gets the generic 401', async () => {
    const user = await t.createUser();
    await admin.patch(`/api/v1/admin/users/${user.id}`, { disabled: true });
    expectProblem(await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: user.password }), 403, 'user_disabled');
    expectProblem(await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: 'certainly not it' }), 401, 'invalid_credentials');
    expect((await activeSessions(user.id)).length).toBe(0);
  });

  it('enabling again lets the user sign in; old sessions stay ended', async () => {
    const user = await t.createUser();
    const old = await t.login(user);
    await admin.patch(`/api/v1/admin/users/${user.id}`, { disabled: true });
    const res = await admin.patch(`/api/v1/admin/users/${user.id}`, { disabled: false });
    expect(res.body.disabled).toBe(false);
    expectProblem(await old.get('/api/v1/profile'), 401, 'unauthenticated');
    const fresh = await t.login(user);
    expect((await fresh.get('/api/v1/profile')).status).toBe(200);
  });

  it('disabling an already disabled user changes nothing and records nothing new', async () => {
    const user = await t.createUser();
    await admin.patch(`/api/v1/admin/users/${user.id}`, { disabled: true });
    const count = async () => (await t.app.userhub.database.db.selectFrom('security_events').select('id').where('user_id', '=', user.id).execute()).length;
    const before = await count();
    expect((await admin.patch(`/api/v1/admin/users/${user.id}`, { disabled: true })).status).toBe(200);
    expect(await count()).toBe(before);
  });
});

describe('the last admin', () => {
  it('cannot be demoted, disabled or deleted (409 last_admin); with a second admin they can', async () => {
    const solo = await setupApp();
    try {
      const { user: boss, client } = await solo.signedInUser({ role: 'admin' });
      expectProblem(await client.patch(`/api/v1/admin/users/${boss.id}`, { role: 'user' }), 409, 'last_admin');
      expectProblem(await client.patch(`/api/v1/admin/users/${boss.id}`, { role: 'usermanager' }), 409, 'last_admin');
      expectProblem(await client.patch(`/api/v1/admin/users/${boss.id}`, { disabled: true }), 409, 'last_admin');
      expectProblem(await client.delete(`/api/v1/admin/users/${boss.id}`), 409, 'last_admin');
      expect((await client.get(`/api/v1/admin/users/${boss.id}`)).body).toMatchObject({ role: 'admin', disabled: false });

      // a disabled admin does not count
      const dormant = await solo.createUser({ role: 'admin' });
      await solo.app.userhub.services.adminUsers.update({ kind: 'system' }, dormant.id, { disabled: true }, null);
      expectProblem(await client.patch(`/api/v1/admin/users/${boss.id}`, { role: 'user' }), 409, 'last_admin');

      await solo.app.userhub.services.adminUsers.update({ kind: 'system' }, dormant.id, { disabled: false }, null);
      expect((await client.patch(`/api/v1/admin/users/${boss.id}`, { role: 'user' })).status).toBe(200);
      expectProblem(await client.get('/api/v1/admin/settings'), 403, 'admin_required');
    } finally {
      await solo.close();
    }
  });

  it('two admins demoting each other at the same time: exactly one succeeds, one admin remains', async () => {
    const duo = await setupApp();
    try {
      const a = await duo.signedInUser({ role: 'admin' });
      const b = await duo.signedInUser({ role: 'admin' });
      const results = await Promise.all([
        a.client.patch(`/api/v1/admin/users/${b.user.id}`, { role: 'user' }),
        b.client.patch(`/api/v1/admin/users/${a.user.id}`, { disabled: true }),
      ]);
      // the loser is refused by the last-admin rule (409) or, when the winner committed first,
      // because it is no longer an admin (403) or no longer signed in at all (401: disabled)
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s !== 200).every((s) => [401, 403, 409].includes(s))).toBe(true);
      const admins = await duo.app.userhub.database.db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled', '=', 0).execute();
      expect(admins).toHaveLength(1);
    } finally {
      await duo.close();
    }
  });
});
