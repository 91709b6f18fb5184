import { expect } from 'vitest';
import { STRONG_PASSWORD, type TestApp } from './app.js';
import type { TestClient } from './client.js';
import type { Slapd } from './slapd.js';

/** A directory configuration for the harness's slapd (root DN as the service account). */
export function directoryConfig(slapd: Slapd, overrides: Record<string, unknown> = {}) {
  return {
    url: slapd.url,
    bindDn: slapd.rootDn,
    bindPassword: slapd.rootPassword,
    baseDn: `ou=people,${slapd.suffix}`,
    userFilter: '(objectClass=inetOrgPerson)',
    ...overrides,
  };
}

/** Saves the configuration as an admin made by `signedInUser` (default password), re-authenticating first: the clock may have moved past the window. */
export async function configure(admin: TestClient, slapd: Slapd, overrides: Record<string, unknown> = {}) {
  const reauth = await admin.post('/api/v1/auth/reauthenticate', { password: STRONG_PASSWORD });
  if (reauth.status !== 204) throw new Error(`re-authentication failed: ${JSON.stringify(reauth.body)}`);
  const res = await admin.put('/api/v1/admin/directory', directoryConfig(slapd, overrides));
  if (res.status !== 200) throw new Error(`configure failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function sync(admin: TestClient) {
  const res = await admin.post('/api/v1/admin/directory/sync');
  if (res.status !== 200) throw new Error(`sync failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { found: number; created: number; updated: number; enabled: number; disabled: number; unchanged: number; skipped: { username: string | null; reason: string }[] };
}

export function userRow(t: TestApp, username: string) {
  return t.app.userhub.database.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** Inserts a `source: ldap` user (as a sync would) without a directory; returns its id. */
export async function insertDirectoryUser(t: TestApp, username: string): Promise<string> {
  const db = t.app.userhub.database.db;
  const now = t.clock.now().toISOString();
  const id = `ldap-${username}`;
  await db
    .insertInto('users')
    .values({
      id,
      username,
      display_name: `Directory ${username}`,
      email: `${username}@directory.example`,
      email_lower: `${username}@directory.example`,
      recovery_email: null,
      language: 'en',
      timezone: 'UTC',
      date_format: 'YYYY-MM-DD',
      newsletter: 0,
      role: 'user',
      source: 'ldap',
      disabled: 0,
      created_at: now,
      updated_at: now,
      notify_new_sign_in: 1,
      password_reset_required: 0,
      notify_token_created: 1,
      notify_app_password_created: 1,
      notify_passkey_added: 1,
    })
    .execute();
  await db.insertInto('directory_users').values({ user_id: id, external_id: `uuid-${username}`, dn: `uid=${username},dc=example`, synced_at: now, disabled_by_sync: 0 }).execute();
  return id;
}

/** Stores a directory configuration that is never contacted (it is disabled): for the rules that read it. */
export async function storeDisabledDirectory(admin: TestClient, providesTwoFactor: boolean): Promise<void> {
  const res = await admin.put('/api/v1/admin/directory', {
    enabled: false,
    url: 'ldap://127.0.0.1:1',
    bindDn: 'cn=admin,dc=example',
    bindPassword: 'secret',
    baseDn: 'ou=people,dc=example',
    userFilter: '(objectClass=inetOrgPerson)',
    providesTwoFactor,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
