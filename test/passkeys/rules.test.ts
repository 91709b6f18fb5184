import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { storeDisabledDirectory } from '../helpers/directory.js';
import { addPasskey, authenticator, passkeySignIn, passkeyUser } from '../helpers/passkeys.js';

/** How passkeys meet the instance's rules: the 2FA coverage count, mandatory 2FA, the directory. */
let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;

describe('a passkey is a second factor', () => {
  it('counts for the mandatory-2FA coverage: a user who adds one leaves usersWithoutTwoFactor', async () => {
    const { client } = await t.signedInUser();
    const before = (await admin.get('/api/v1/admin/settings')).body.usersWithoutTwoFactor;
    await addPasskey(client, authenticator());
    expect((await admin.get('/api/v1/admin/settings')).body.usersWithoutTwoFactor).toBe(before - 1);
  });

  it('a password sign-in asks for the passkey, and the mandatory-2FA rule sees the user as enrolled', async () => {
    const { user } = await passkeyUser(t);
    const methods = (await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: user.password })).body.methods;
    expect(methods).toEqual(['passkey']);
    expect(await t.app.userhub.services.twoFactorRequirement.isSetupRequired((await t.app.userhub.services.users.findById(user.id))!)).toBe(false);
  });
});

describe('directory users', () => {
  it('with no directory configured (or disabled, or without their entry), a passkey does not sign them in: 401 invalid_credentials', async () => {
    const { user, device } = await passkeyUser(t);
    await db().updateTable('users').set({ source: 'ldap' }).where('id', '=', user.id).execute();
    expectProblem((await passkeySignIn(t, device)).res, 401, 'invalid_credentials');
    await db().updateTable('users').set({ source: 'local' }).where('id', '=', user.id).execute();
    expect((await passkeySignIn(t, device)).res.status).toBe(200);
  });
});

describe('a directory that provides the second factor', () => {
  it('refuses passkey sign-in (401 invalid_credentials) and registration (403 managed_by_directory) for its users', async () => {
    const { user, client, device } = await passkeyUser(t);
    await db().updateTable('users').set({ source: 'ldap' }).where('id', '=', user.id).execute();
    await storeDisabledDirectory(admin, true);
    expectProblem((await passkeySignIn(t, device)).res, 401, 'invalid_credentials');
    expectProblem(await client.post('/api/v1/profile/passkeys/registration/options'), 403, 'managed_by_directory');
    // a local user's passkey still signs in
    const local = await passkeyUser(t);
    expect((await passkeySignIn(t, local.device)).res.status).toBe(200);
  });
});
