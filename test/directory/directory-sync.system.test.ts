import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { attemptLogin } from '../helpers/sessions.js';
import { configure, directoryConfig, sync, userRow } from '../helpers/directory.js';
import { PEOPLE, Slapd } from '../helpers/slapd.js';
import { enableTotp } from '../helpers/twofactor.js';
import { SYSTEM_BY } from '../../src/features/audit/by.js';

/**
 * The LDAP directory against a real OpenLDAP slapd (started by the harness on a loopback port,
 * seeded from LDIF). Tests in this file build on each other's directory state, in order.
 */
let slapd: Slapd;
let t: TestApp;
let admin: TestClient;
const [ada, grace, alan] = PEOPLE as [(typeof PEOPLE)[0], (typeof PEOPLE)[0], (typeof PEOPLE)[0]];

beforeAll(async () => {
  slapd = await Slapd.start();
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
});
afterAll(async () => {
  await t?.close();
  await slapd?.destroy();
});


describe('configuration', () => {
  it('starts unconfigured; test and sync say so', async () => {
    expect((await admin.get('/api/v1/admin/directory')).body).toEqual({ config: null, lastSync: null });
    expectProblem(await admin.post('/api/v1/admin/directory/test'), 404, 'directory_not_configured');
    expectProblem(await admin.post('/api/v1/admin/directory/sync'), 404, 'directory_not_configured');
  });

  it.each([
    ['an http URL', { url: 'http://127.0.0.1:389' }, 'invalid_directory_url'],
    ['a URL with a path', { url: 'ldap://127.0.0.1:389/dc=x' }, 'invalid_directory_url'],
    ['a URL with credentials', { url: 'ldap://u:p@127.0.0.1:389' }, 'invalid_directory_url'],
    ['not a URL', { url: 'localhost' }, 'invalid_directory_url'],
    ['a broken filter', { userFilter: '(objectClass=inetOrgPerson' }, 'invalid_filter'],
    ['a filter without parentheses', { userFilter: 'objectClass=*' }, 'invalid_filter'],
    ['an attribute name with spaces', { attributes: { username: 'u id' } }, 'invalid_attribute'],
  ])('given %s, then 400 %s and nothing is stored', async (_name, overrides, code) => {
    expectProblem(await admin.put('/api/v1/admin/directory', directoryConfig(slapd, overrides)), 400, code);
    expect((await admin.get('/api/v1/admin/directory')).body.config).toBeNull();
  });

  it.each([
    ['no bind DN', { bindDn: undefined }],
    ['an unknown field', { tls: 'maybe' }],
    ['an unknown attribute key', { attributes: { phone: 'telephoneNumber' } }],
    ['a negative interval', { syncIntervalMinutes: -1 }],
    ['a number as URL', { url: 389 }],
    ['a huge bind DN', { bindDn: `cn=${'x'.repeat(100_000)}` }],
    ['an interval as a string', { syncIntervalMinutes: '5' }],
  ])('given %s, then 400 invalid_request', async (_name, overrides) => {
    expectProblem(await admin.put('/api/v1/admin/directory', directoryConfig(slapd, overrides)), 400, 'invalid_request');
  });

  it('malformed JSON: 400 invalid_json', async () => {
    expectProblem(await admin.put('/api/v1/admin/directory', undefined, { raw: '{"url":', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  });

  it('the first configuration needs the bind password (400 bind_password_required)', async () => {
    expectProblem(await admin.put('/api/v1/admin/directory', directoryConfig(slapd, { bindPassword: undefined })), 400, 'bind_password_required');
  });

  it('stores the configuration with the bind password encrypted, never shows it, keeps it when omitted', async () => {
    const view = await configure(admin, slapd);
    expect(view).toEqual({
      enabled: true,
      url: slapd.url,
      bindDn: slapd.rootDn,
      bindPasswordSet: true,
      baseDn: `ou=people,${slapd.suffix}`,
      userFilter: '(objectClass=inetOrgPerson)',
      attributes: { id: 'entryUUID', username: 'uid', email: 'mail', displayName: 'cn' },
      providesTwoFactor: false,
      syncIntervalMinutes: 0,
    });
    const raw = await t.app.userhub.database.db.selectFrom('settings').select('value').where('key', '=', 'directory').executeTakeFirstOrThrow();
    expect(raw.value).not.toContain(slapd.rootPassword);
    expect(JSON.parse(raw.value).bindPasswordSealed).toMatch(/^v1\./);
    expect(JSON.stringify((await admin.get('/api/v1/admin/directory')).body)).not.toContain(slapd.rootPassword);

    const { bindPassword: _omit, ...withoutPassword } = directoryConfig(slapd);
    expect((await admin.put('/api/v1/admin/directory', withoutPassword)).status).toBe(200);
    expect((await admin.post('/api/v1/admin/directory/test')).body).toEqual({ ok: true, users: 3 });
  });

  it('never sends the stored bind password to another server or for another bind DN (400 bind_password_required)', async () => {
    const { bindPassword: _omit, ...withoutPassword } = directoryConfig(slapd);
    const elsewhere = { ...withoutPassword, url: 'ldap://127.0.0.1:1' };
    expectProblem(await admin.put('/api/v1/admin/directory', elsewhere), 400, 'bind_password_required');
    expectProblem(await admin.post('/api/v1/admin/directory/test', elsewhere), 400, 'bind_password_required');
    expectProblem(await admin.put('/api/v1/admin/directory', { ...withoutPassword, bindDn: 'cn=someone-else,dc=example,dc=org' }), 400, 'bind_password_required');
    expect((await admin.get('/api/v1/admin/directory')).body.config.url).toBe(slapd.url);
    expect((await admin.post('/api/v1/admin/directory/test', withoutPassword)).body).toEqual({ ok: true, users: 3 });
  });
});

describe('POST /api/v1/admin/directory/test', () => {
  it('binds and counts the users the filter finds', async () => {
    expect((await admin.post('/api/v1/admin/directory/test')).body).toEqual({ ok: true, users: 3 });
  });

  it('tests an unsaved configuration from the body without storing it', async () => {
    const res = await admin.post('/api/v1/admin/directory/test', directoryConfig(slapd, { userFilter: '(uid=ada)' }));
    expect(res.body).toEqual({ ok: true, users: 1 });
    expect((await admin.get('/api/v1/admin/directory')).body.config.userFilter).toBe('(objectClass=inetOrgPerson)');
  });

  it('a wrong bind password: 422 directory_bind_failed', async () => {
    expectProblem(await admin.post('/api/v1/admin/directory/test', directoryConfig(slapd, { bindPassword: 'wrong' })), 422, 'directory_bind_failed');
  });

  it('a base DN that does not exist: 422 directory_search_failed', async () => {
    expectProblem(await admin.post('/api/v1/admin/directory/test', directoryConfig(slapd, { baseDn: 'ou=nowhere,dc=example,dc=org' })), 422, 'directory_search_failed');
  });

  it('nothing listening: 503 directory_unavailable, fast', async () => {
    const started = Date.now();
    const res = await admin.post('/api/v1/admin/directory/test', directoryConfig(slapd, { url: 'ldap://127.0.0.1:1' }));
    expectProblem(res, 503, 'directory_unavailable');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('sync', () => {
  it('creates the directory users with source ldap and no password stored here', async () => {
    const report = await sync(admin);
    expect(report).toMatchObject({ found: 3, created: 3, updated: 0, disabled: 0, skipped: [] });
    for (const p of PEOPLE) {
      const row = await userRow(t, p.uid);
      expect(row).toMatchObject({ username: p.uid, display_name: p.cn, email: p.mail, source: 'ldap', disabled: 0, role: 'user' });
      expect(await t.app.userhub.database.db.selectFrom('credentials').select('user_id').where('user_id', '=', row!.id).executeTakeFirst()).toBeUndefined();
    }
    const view = (await admin.get('/api/v1/admin/directory')).body;
    expect(view.lastSync).toMatchObject({ trigger: 'manual', ok: true, error: null, report: { created: 3 } });
    expect((await admin.get('/api/v1/admin/users?q=lovelace')).body.items[0]).toMatchObject({ username: 'ada', source: 'ldap' });
    // each user the sync made is on the audit, made by the admin who ran it, beside the summary
    const adaRow = await userRow(t, 'ada');
    expect((await admin.get(`/api/v1/admin/audit?target=${adaRow!.id}`)).body.items).toMatchObject([
      { type: 'user_created', actor: { username: expect.any(String) }, target: { label: 'ada' }, changes: { source: 'ldap', via: 'directory_sync' } },
    ]);
    expect((await admin.get('/api/v1/admin/audit?type=directory_synced&limit=1')).body.items).toMatchObject([{ changes: { trigger: 'manual', ok: true, created: 3 } }]);
  });

  it('a second sync with nothing changed changes nothing', async () => {
    expect(await sync(admin)).toMatchObject({ found: 3, created: 0, updated: 0, unchanged: 3, disabled: 0 });
  });

  it('updates changed names and emails at the next sync', async () => {
    await slapd.replace('grace', 'cn', 'Rear Admiral Grace Hopper');
    await slapd.replace('grace', 'mail', 'grace.hopper@navy.example');
    const report = await sync(admin);
    expect(report).toMatchObject({ updated: 1, unchanged: 2, created: 0 });
    expect(await userRow(t, 'grace')).toMatchObject({ display_name: 'Rear Admiral Grace Hopper', email: 'grace.hopper@navy.example' });
    const graceRow = await userRow(t, 'grace');
    expect((await admin.get(`/api/v1/admin/audit?target=${graceRow!.id}&type=user_updated`)).body.items[0]).toMatchObject({
      changes: { displayName: { from: grace.cn, to: 'Rear Admiral Grace Hopper' }, email: { to: 'grace.hopper@navy.example' }, via: 'directory_sync' },
    });
    grace.mail = 'grace.hopper@navy.example';
  });

  it('skips and reports entries that cannot become users; never takes over a local account', async () => {
    await t.createUser({ username: 'linus', email: 'linus@local.example' });
    await slapd.addPerson({ uid: 'linus', cn: 'Directory Linus', mail: 'linus@example.org', password: 'linus directory pass' });
    await slapd.addPerson({ uid: 'root', cn: 'Root Account', mail: 'root@example.org', password: 'root directory pass' });
    await slapd.addPerson({ uid: 'nomail', cn: 'No Mail', password: 'no mail directory pass' });
    await slapd.addPerson({ uid: 'bad name!', cn: 'Bad Name', mail: 'bad@example.org', password: 'bad name directory pass' });
    await slapd.addPerson({ uid: 'copycat', cn: 'Copy Cat', mail: 'ADA@example.org', password: 'copycat directory pass' });
    const report = await sync(admin);
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.username, s.reason]));
    expect(reasons).toEqual({ linus: 'username_taken', root: 'username_reserved', nomail: 'invalid_email', 'bad name!': 'invalid_username', copycat: 'email_taken' });
    expect(await userRow(t, 'linus')).toMatchObject({ source: 'local', display_name: 'linus' });
    expect(await userRow(t, 'root')).toBeUndefined();
    for (const uid of ['linus', 'root', 'nomail', 'bad name!', 'copycat']) await slapd.removePerson(uid);
  });

  it('a user removed from the directory is disabled at the next sync, with their sessions ended; back in the directory, back in', async () => {
    const session = await attemptLogin(t, alan.uid, alan.password);
    expect(session.status).toBe(200);
    const cookie = session.headers['set-cookie'];
    await slapd.removePerson('alan');
    const report = await sync(admin);
    expect(report).toMatchObject({ disabled: 1 });
    expect(await userRow(t, 'alan')).toMatchObject({ disabled: 1 });
    const alanId = (await userRow(t, 'alan'))!.id;
    expect((await admin.get(`/api/v1/admin/audit?target=${alanId}&type=user_disabled`)).body.items).toMatchObject([{ changes: { reason: 'removed_from_directory', via: 'directory_sync' } }]);
    const sessions = await t.app.userhub.database.db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id').select(['end_reason']).where('users.username', '=', 'alan').execute();
    expect(sessions.map((s) => s.end_reason)).toEqual(['user_disabled']);
    expect(cookie).toBeDefined();
    // removed from the directory: the bind fails, so the generic 401
    expectProblem(await attemptLogin(t, alan.uid, alan.password), 401, 'invalid_credentials');
    expect(await sync(admin)).toMatchObject({ disabled: 0 });

    await slapd.addPerson(alan);
    const back = await sync(admin);
    expect(back).toMatchObject({ enabled: 1, created: 0 });
    expect(await userRow(t, 'alan')).toMatchObject({ disabled: 0 });
    expect((await attemptLogin(t, alan.uid, alan.password)).status).toBe(200);
  });

  it('a user an admin disabled stays disabled through syncs', async () => {
    const row = await userRow(t, 'grace');
    await admin.patch(`/api/v1/admin/users/${row!.id}`, { disabled: true });
    expect(await sync(admin)).toMatchObject({ enabled: 0 });
    expect(await userRow(t, 'grace')).toMatchObject({ disabled: 1 });
    expectProblem(await attemptLogin(t, grace.uid, grace.password), 403, 'user_disabled');
    await admin.patch(`/api/v1/admin/users/${row!.id}`, { disabled: false });
  });

  it('a filter that finds nobody does not disable everyone (422 directory_empty)', async () => {
    await configure(admin, slapd, { userFilter: '(uid=nobody-matches-this)' });
    expectProblem(await admin.post('/api/v1/admin/directory/sync'), 422, 'directory_empty');
    expect(await userRow(t, 'ada')).toMatchObject({ disabled: 0 });
    expect((await admin.get('/api/v1/admin/directory')).body.lastSync).toMatchObject({ ok: false, error: 'directory_empty' });
    await configure(admin, slapd);
  });

  it('two syncs at once on one node: the second gets 409 sync_in_progress', async () => {
    const directory = t.app.userhub.services.directory;
    const results = await Promise.allSettled([directory.sync('manual', SYSTEM_BY), directory.sync('manual', SYSTEM_BY)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 409, code: 'sync_in_progress' } });
  });
});

describe('sign-in with the directory password', () => {
  it('works by username and by email; the password is checked by a bind, never stored', async () => {
    const res = await attemptLogin(t, ada.uid, ada.password);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'ada', source: 'ldap' });
    expect((await attemptLogin(t, ada.mail!, ada.password)).status).toBe(200);
    const row = await userRow(t, 'ada');
    expect(await t.app.userhub.database.db.selectFrom('credentials').select('user_id').where('user_id', '=', row!.id).executeTakeFirst()).toBeUndefined();
  });

  it('a wrong password: the generic 401 invalid_credentials, recorded as a failed sign-in', async () => {
    const res = await attemptLogin(t, ada.uid, 'not the directory password');
    expectProblem(res, 401, 'invalid_credentials');
    const row = await userRow(t, 'ada');
    const events = await t.app.userhub.database.db.selectFrom('security_events').select('type').where('user_id', '=', row!.id).execute();
    expect(events.map((e) => e.type)).toContain('sign_in_failed');
  });

  it('a password changed in the directory works at once, the old one no more', async () => {
    await slapd.replace('grace', 'userPassword', 'grace new directory passphrase');
    expectProblem(await attemptLogin(t, grace.uid, grace.password), 401, 'invalid_credentials');
    expect((await attemptLogin(t, grace.uid, 'grace new directory passphrase')).status).toBe(200);
    grace.password = 'grace new directory passphrase';
  });

  it('re-authentication uses the directory password too', async () => {
    const client = await t.login({ username: ada.uid, password: ada.password });
    expect((await client.post('/api/v1/auth/reauthenticate', { password: ada.password })).status).toBe(204);
    expectProblem(await client.post('/api/v1/auth/reauthenticate', { password: 'wrong wrong wrong' }), 403, 'invalid_password');
  });

  it('a directory user cannot be given a local password, nor change it here', async () => {
    const client = await t.login({ username: ada.uid, password: ada.password });
    expectProblem(await client.put('/api/v1/profile/password', { currentPassword: ada.password, newPassword: 'a local passphrase now' }), 403, 'managed_by_directory');
  });
});

describe('directory users’ profile', () => {
  it('display name and emails are read-only (403 managed_by_directory); preferences are theirs', async () => {
    const client = await t.login({ username: ada.uid, password: ada.password });
    const profile = (await client.get('/api/v1/profile')).body;
    expect(profile).toMatchObject({
      source: 'ldap',
      editable: { displayName: false, email: false, recoveryEmail: false, avatar: true, twoFactor: true },
      locks: { displayName: 'directory', email: 'directory', recoveryEmail: 'directory', avatar: null, twoFactor: null },
    });
    for (const body of [{ displayName: 'Countess' }, { email: 'ada@elsewhere.example' }, { recoveryEmail: 'backup@elsewhere.example' }]) {
      expectProblem(await client.patch('/api/v1/profile', body), 403, 'managed_by_directory');
    }
    expect((await client.patch('/api/v1/profile', { timezone: 'Europe/London', language: 'fr' })).body).toMatchObject({ timezone: 'Europe/London', language: 'fr' });
    expect(await userRow(t, 'ada')).toMatchObject({ display_name: 'Ada Lovelace', email: 'ada@example.org' });
  });

  it('with the admin lock on too, the reason stays directory', async () => {
    await admin.patch('/api/v1/admin/settings', { profilesLocked: true });
    const client = await t.login({ username: ada.uid, password: ada.password });
    expect((await client.get('/api/v1/profile')).body.locks.displayName).toBe('directory');
    expectProblem(await client.patch('/api/v1/profile', { displayName: 'X' }), 403, 'managed_by_directory');
    await admin.patch('/api/v1/admin/settings', { profilesLocked: false });
  });
});

describe('a directory that provides its own second factor', () => {
  it('TOTP enrolment is refused to its users (403 managed_by_directory), open to local users and when the directory does not', async () => {
    const local = (await t.signedInUser()).client;
    const ldapUser = await t.login({ username: ada.uid, password: ada.password });
    expect((await ldapUser.post('/api/v1/profile/twofactor/totp/setup')).status).toBe(200);

    await configure(admin, slapd, { providesTwoFactor: true });
    expectProblem(await ldapUser.post('/api/v1/profile/twofactor/totp/setup'), 403, 'managed_by_directory');
    expect((await local.post('/api/v1/profile/twofactor/totp/setup')).status).toBe(200);
    expect((await ldapUser.get('/api/v1/profile')).body).toMatchObject({ editable: { twoFactor: false }, locks: { twoFactor: 'directory' } });
    expect((await local.get('/api/v1/profile')).body).toMatchObject({ editable: { twoFactor: true }, locks: { twoFactor: null } });
  });

  it('mandatory 2FA does not lock its users out: their second factor is the directory’s', async () => {
    // the admin enrols first: turning the rule on without a second factor is refused (422)
    await enableTotp(t, admin);
    expect((await admin.patch('/api/v1/admin/settings', { mandatoryTwoFactor: true })).status).toBe(200);
    const ldapUser = await t.login({ username: ada.uid, password: ada.password });
    expect((await ldapUser.get('/api/v1/sessions')).status).toBe(200);
    expect((await ldapUser.get('/api/v1/profile')).body.twoFactorSetupRequired).toBe(false);
    const local = (await t.signedInUser()).client;
    expectProblem(await local.get('/api/v1/sessions'), 403, 'twofactor_setup_required');
    await admin.patch('/api/v1/admin/settings', { mandatoryTwoFactor: false });
    await configure(admin, slapd, { providesTwoFactor: false });
  });
});
