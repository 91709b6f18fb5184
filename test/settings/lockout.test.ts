import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { enableTotp } from '../helpers/twofactor.js';
import { insertDirectoryUser, storeDisabledDirectory } from '../helpers/directory.js';
import { sessionFor } from '../helpers/sessions.js';

/** Issue 12.11: nobody turns on mandatory 2FA that would lock themselves out; the answer counts who lacks 2FA. */
let t: TestApp;
let admin: TestClient;

beforeAll(async () => {
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
});
afterAll(async () => t.close());

const directoryProvidesTwoFactor = (providesTwoFactor: boolean) => storeDisabledDirectory(admin, providesTwoFactor);

async function uncovered(): Promise<number> {
  const res = await admin.get('/api/v1/admin/settings');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.usersWithoutTwoFactor).toEqual(expect.any(Number));
  return res.body.usersWithoutTwoFactor;
}

describe('an admin without a second factor', () => {
  it('cannot turn on mandatory 2FA: 422 enrol_twofactor_first, and nothing in the same PATCH changes', async () => {
    expectProblem(await admin.patch('/api/v1/admin/settings', { mandatoryTwoFactor: true }), 422, 'enrol_twofactor_first');
    expectProblem(await admin.patch('/api/v1/admin/settings', { mandatoryTwoFactor: true, gravatar: true }), 422, 'enrol_twofactor_first');
    const res = await admin.get('/api/v1/admin/settings');
    expect(res.body).toMatchObject({ mandatoryTwoFactor: false, gravatar: false });
    expect((await admin.get('/api/v1/admin/users')).status).toBe(200);
  });

  it('may still change everything else and keep the rule off', async () => {
    const res = await admin.patch('/api/v1/admin/settings', { mandatoryTwoFactor: false, profilesLocked: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ mandatoryTwoFactor: false, profilesLocked: true, usersWithoutTwoFactor: expect.any(Number) });
    expect((await admin.patch('/api/v1/admin/settings', { profilesLocked: false })).status).toBe(200);
  });
});

describe('usersWithoutTwoFactor', () => {
  it('counts active users without a second factor: not the disabled, not those with 2FA', async () => {
    const before = await uncovered();
    const plain = await t.createUser();
    const disabled = await t.createUser();
    const secured = await t.createUser();
    await t.app.userhub.database.db.updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.id).execute();
    await enableTotp(t, await sessionFor(t, secured.id));
    expect(await uncovered()).toBe(before + 1);
    await enableTotp(t, await sessionFor(t, plain.id));
    expect(await uncovered()).toBe(before);
  });

  it('counts directory users only while their directory does not provide 2FA, as the gate does', async () => {
    const before = await uncovered();
    await insertDirectoryUser(t, `dir${Date.now().toString(36)}`);
    expect(await uncovered()).toBe(before + 1);
    await directoryProvidesTwoFactor(true);
    expect(await uncovered()).toBe(before);
    await directoryProvidesTwoFactor(false);
    expect(await uncovered()).toBe(before + 1);
  });
});

describe('an admin with a second factor', () => {
  it('turns mandatory 2FA on, keeps the admin area, and the answer counts who must enrol', async () => {
    await enableTotp(t, admin);
    const res = await admin.patch('/api/v1/admin/settings', { mandatoryTwoFactor: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.mandatoryTwoFactor).toBe(true);
    expect(res.body.usersWithoutTwoFactor).toBeGreaterThan(0);
    expect((await admin.get('/api/v1/admin/users')).status).toBe(200);
    expect((await admin.get('/api/v1/admin/settings')).body.usersWithoutTwoFactor).toBe(res.body.usersWithoutTwoFactor);
    expect((await admin.patch('/api/v1/admin/settings', { mandatoryTwoFactor: false })).status).toBe(200);
  });

  it('an admin whose directory provides the second factor is not refused either', async () => {
    const dirAdminId = await insertDirectoryUser(t, `diradmin${Date.now().toString(36)}`);
    await t.app.userhub.database.db.updateTable('users').set({ role: 'admin' }).where('id', '=', dirAdminId).execute();
    const dirAdmin = await sessionFor(t, dirAdminId);
    expectProblem(await dirAdmin.patch('/api/v1/admin/settings', { mandatoryTwoFactor: true }), 422, 'enrol_twofactor_first');
    await directoryProvidesTwoFactor(true);
    const res = await dirAdmin.patch('/api/v1/admin/settings', { mandatoryTwoFactor: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await dirAdmin.get('/api/v1/admin/users')).status).toBe(200);
    expect((await admin.patch('/api/v1/admin/settings', { mandatoryTwoFactor: false })).status).toBe(200);
  });
});
