import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp, uniqueName } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { insertDirectoryUser } from '../helpers/directory.js';
import { sessionFor } from '../helpers/sessions.js';

/**
 * The lock matrix: each identity field × the admin lock on/off × a local or a directory user.
 * Directory users here are rows as a sync writes them (the LDAP tests repeat this with real
 * slapd-backed users); the lock does not depend on the directory being reachable.
 */
let t: TestApp;
let admin: TestClient;

beforeAll(async () => {
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
});
afterAll(async () => t.close());

type Source = 'local' | 'ldap';

async function userOf(source: Source): Promise<{ id: string; client: TestClient }> {
  if (source === 'local') {
    const { user, client } = await t.signedInUser();
    return { id: user.id, client };
  }
  const id = await insertDirectoryUser(t, uniqueName('dir'));
  return { id, client: await sessionFor(t, id) };
}

const newValue = (field: string) =>
  field === 'displayName' ? 'A New Name' : field === 'email' ? `${uniqueName('new')}@example.com` : `${uniqueName('rec')}@example.org`;

const rowOf = (id: string) => t.app.userhub.database.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe.each([false, true])('profilesLocked = %s', (locked) => {
  beforeAll(async () => {
    expect((await admin.patch('/api/v1/admin/settings', { profilesLocked: locked })).status).toBe(200);
  });

  describe.each(['local', 'ldap'] as const)('%s user', (source) => {
    const reason = source === 'ldap' ? 'directory' : locked ? 'admin_lock' : null;

    it(`GET /profile says editable=${reason === null} with reason ${reason} for name and emails; avatar and 2FA stay editable`, async () => {
      const { client } = await userOf(source);
      const body = (await client.get('/api/v1/profile')).body;
      expect(body.source).toBe(source);
      expect(body.editable).toEqual({ displayName: reason === null, email: reason === null, recoveryEmail: reason === null, avatar: true, twoFactor: true });
      expect(body.locks).toEqual({ displayName: reason, email: reason, recoveryEmail: reason, avatar: null, twoFactor: null });
    });

    it.each(['displayName', 'email', 'recoveryEmail'])(
      `PATCH %s → ${reason === null ? '200' : `403 ${reason === 'directory' ? 'managed_by_directory' : 'profile_locked'}`}`,
      async (field) => {
        const { id, client } = await userOf(source);
        const before = await rowOf(id);
        const value = newValue(field);
        const res = await client.patch('/api/v1/profile', { [field]: value });
        if (reason === null) {
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          // a new primary or recovery email waits for confirmation by mail; the name changes at once
          const shownAs = { email: 'pendingEmail', recoveryEmail: 'pendingRecoveryEmail' }[field] ?? field;
          expect(res.body[shownAs]).toBe(value);
        } else {
          expectProblem(res, 403, reason === 'directory' ? 'managed_by_directory' : 'profile_locked');
          expect(await rowOf(id)).toEqual(before);
        }
      },
    );

    it('language, time zone, date format and newsletter stay the user’s', async () => {
      const { client } = await userOf(source);
      const res = await client.patch('/api/v1/profile', { language: 'de', timezone: 'Europe/Berlin', dateFormat: 'DD.MM.YYYY', newsletter: true });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ language: 'de', timezone: 'Europe/Berlin', dateFormat: 'DD.MM.YYYY', newsletter: true });
    });

    if (reason !== null) {
      it('a locked field in a mixed PATCH refuses the whole change', async () => {
        const { id, client } = await userOf(source);
        const before = await rowOf(id);
        const res = await client.patch('/api/v1/profile', { language: 'fr', displayName: 'Sneaky' });
        expect(res.status).toBe(403);
        expect(await rowOf(id)).toEqual(before);
      });

      it('sending a locked field unchanged (a form posting every field) is accepted', async () => {
        const { id, client } = await userOf(source);
        const row = await rowOf(id);
        const res = await client.patch('/api/v1/profile', { displayName: row.display_name, email: row.email, language: 'es' });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.language).toBe('es');
      });
    }
  });
});

describe('admins and the locks', () => {
  it('the admin lock does not stop an admin from changing a local user; directory users stay the directory’s', async () => {
    await admin.patch('/api/v1/admin/settings', { profilesLocked: true });
    const local = await t.createUser();
    expect((await admin.patch(`/api/v1/admin/users/${local.id}`, { displayName: 'Set By Admin' })).body.displayName).toBe('Set By Admin');
    const ldapId = await insertDirectoryUser(t, uniqueName('dir'));
    expectProblem(await admin.patch(`/api/v1/admin/users/${ldapId}`, { email: 'other@example.com' }), 403, 'managed_by_directory');
    expectProblem(await admin.patch(`/api/v1/admin/users/${ldapId}`, { displayName: 'Renamed' }), 403, 'managed_by_directory');
    // role and disabled are Userhub's own business
    expect((await admin.patch(`/api/v1/admin/users/${ldapId}`, { role: 'usermanager' })).body.role).toBe('usermanager');
    await admin.patch('/api/v1/admin/settings', { profilesLocked: false });
  });

  it('a directory user cannot set a password here (managed_by_directory)', async () => {
    const id = await insertDirectoryUser(t, uniqueName('dir'));
    const client = await sessionFor(t, id);
    expectProblem(await client.put('/api/v1/profile/password', { currentPassword: 'whatever it is', newPassword: 'a brand new passphrase' }), 403, 'managed_by_directory');
    expect(await t.app.userhub.database.db.selectFrom('credentials').select('user_id').where('user_id', '=', id).executeTakeFirst()).toBeUndefined();
  });
});
