import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, expectProblem, setupApp, uniqueName } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { passkeyUser } from '../helpers/passkeys.js';
import { enableTotp } from '../helpers/twofactor.js';

let t: TestApp;
let admin: TestClient;
let manager: TestClient;

/** A cohort of users sharing a name prefix, so `q` isolates them from the rest of the suite's users. */
const prefix = uniqueName('tbl');
const cohort: Record<string, TestUser> = {};

beforeAll(async () => {
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
  manager = (await t.signedInUser({ role: 'usermanager' })).client;
  // created a minute apart, named out of creation order, so every sort differs
  const names = ['delta', 'alpha', 'echo', 'charlie', 'bravo'];
  for (const [i, name] of names.entries()) {
    t.clock.advance(60_000);
    cohort[name] = await t.createUser({ username: `${prefix}-${name}`, displayName: `${name.toUpperCase()} ${i}`, email: `${prefix}.${names[(i + 2) % 5]}@example.com` });
  }
  // each a minute apart too: rows created in the same instant sort by their random ids
  t.clock.advance(60_000);
  cohort.boss = await t.createUser({ username: `${prefix}-boss`, role: 'admin' });
  t.clock.advance(60_000);
  cohort.mgr = await t.createUser({ username: `${prefix}-mgr`, role: 'usermanager' });
  t.clock.advance(60_000);
  const ldap = await t.app.userhub.services.users.insert(t.app.userhub.database.db, { username: `${prefix}-ldap`, email: `${prefix}-ldap@example.com`, displayName: 'Dir', role: 'user', source: 'ldap' }, null);
  cohort.ldap = { id: ldap.id, username: ldap.username, email: ldap.email, password: '' };
  await enableTotp(t, await t.login(cohort.alpha!));
  t.clock.advance(60_000);
  await t.login(cohort.charlie!);
  expect((await admin.patch(`/api/v1/admin/users/${cohort.echo!.id}`, { disabled: true })).status).toBe(200);
});
afterAll(async () => t.close());

async function table(client: TestClient, query: string) {
  const res = await client.get(`/api/v1/admin/users?q=${prefix}&${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: any[]; nextCursor: string | null };
}
const usernames = async (query: string, client = admin) => (await table(client, query)).items.map((u) => u.username.slice(prefix.length + 1));

/** Every page of a sort, two rows at a time. */
async function allPages(query: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await table(admin, `${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.items.length).toBeLessThanOrEqual(2);
    seen.push(...page.items.map((u) => u.username.slice(prefix.length + 1)));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe('GET /api/v1/admin/users: the users table', () => {
  it('each row has username, name, email, role, source, 2FA, last sign-in, created and disabled', async () => {
    const items = (await table(admin, 'limit=100')).items;
    const row = (name: string) => items.find((u) => u.id === cohort[name]!.id);
    expect(row('alpha')).toMatchObject({ username: `${prefix}-alpha`, displayName: 'ALPHA 1', role: 'user', source: 'local', disabled: false, twoFactor: { totp: true, passkeys: 0 } });
    expect(Date.parse(row('alpha').lastSignInAt)).not.toBeNaN();
    expect(row('bravo')).toMatchObject({ twoFactor: { totp: false, passkeys: 0 }, lastSignInAt: null });
    expect(Date.parse(row('charlie').lastSignInAt)).toBeGreaterThan(Date.parse(row('alpha').lastSignInAt));
    expect(row('ldap')).toMatchObject({ source: 'ldap' });
    expect(row('echo')).toMatchObject({ disabled: true });
    expect(Date.parse(row('bravo').createdAt)).not.toBeNaN();
  });

  it('filters by role, 2FA, disabled and source', async () => {
    const passkeyHolder = await passkeyUser(t, {});
    expect(await usernames('role=admin')).toEqual(['boss']);
    expect(await usernames('role=usermanager')).toEqual(['mgr']);
    expect(await usernames('twoFactor=totp')).toEqual(['alpha']);
    expect(await usernames('disabled=true')).toEqual(['echo']);
    expect(await usernames('source=ldap')).toEqual(['ldap']);
    expect(await usernames('disabled=false&twoFactor=none&role=user&source=local')).toEqual(['delta', 'charlie', 'bravo']);
    const withPasskey = await admin.get(`/api/v1/admin/users?twoFactor=passkey&q=${passkeyHolder.user.username}`);
    expect(withPasskey.body.items).toMatchObject([{ id: passkeyHolder.user.id, twoFactor: { totp: false, passkeys: 1 } }]);
  });

  it.each([
    ['created', 'asc', ['delta', 'alpha', 'echo', 'charlie', 'bravo', 'boss', 'mgr', 'ldap']],
    ['created', 'desc', ['ldap', 'mgr', 'boss', 'bravo', 'charlie', 'echo', 'alpha', 'delta']],
    ['username', 'asc', ['alpha', 'boss', 'bravo', 'charlie', 'delta', 'echo', 'ldap', 'mgr']],
    ['name', 'asc', ['alpha', 'bravo', 'charlie', 'delta', 'ldap', 'echo', `boss`, 'mgr']],
  ])('sorts by %s %s and pages through every row exactly once', async (sort, order, expected) => {
    const all = await allPages(`sort=${sort}&order=${order}`);
    if (sort === 'name') {
      // display names default to the username for boss and mgr, which sort after the upper-cased ones lowered
      expect([...all].sort()).toEqual([...expected].sort());
      const names = (await table(admin, `sort=name&order=asc&limit=100`)).items.map((u) => u.displayName.toLowerCase());
      expect(names).toEqual([...names].sort());
    } else {
      expect(all).toEqual(expected);
    }
  });

  it('sorts by email and by last sign-in (most recent first by default, never signed in last)', async () => {
    const emails = (await table(admin, 'sort=email&limit=100')).items.map((u) => u.email);
    expect(emails).toEqual([...emails].sort());
    const recent = await usernames('sort=lastSignIn&limit=3');
    expect(recent).toEqual(['charlie', 'alpha', expect.any(String)]);
    expect(await allPages('sort=lastSignIn')).toHaveLength(8);
  });

  it('a user manager sees plain users only, whatever the filter', async () => {
    expect((await usernames('limit=100', manager)).sort()).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo', 'ldap']);
    expect(await usernames('role=admin', manager)).toEqual([]);
    expectProblem(await manager.get(`/api/v1/admin/users/${cohort.boss!.id}`), 403, 'admin_required');
    expect((await manager.get(`/api/v1/admin/users/${cohort.alpha!.id}`)).body).toMatchObject({ id: cohort.alpha!.id, twoFactor: { totp: true } });
  });

  it('refuses a cursor made for another sort, and bad filter values', async () => {
    const page = await table(admin, 'sort=username&limit=1');
    expectProblem(await admin.get(`/api/v1/admin/users?sort=created&cursor=${page.nextCursor}`), 400, 'invalid_cursor');
    expectProblem(await admin.get(`/api/v1/admin/users?sort=username&order=desc&cursor=${page.nextCursor}`), 400, 'invalid_cursor');
    for (const query of ['sort=password', 'order=up', 'role=root', 'twoFactor=sms', 'disabled=maybe', 'source=ad']) {
      expectProblem(await admin.get(`/api/v1/admin/users?${query}`), 400, 'invalid_request');
    }
  });

  it('a plain user gets 403', async () => {
    expectProblem(await (await t.signedInUser()).client.get('/api/v1/admin/users'), 403, 'admin_required');
  });
});

describe('GET /api/v1/admin/users?notInAccount=: the member picker', () => {
  let accountId: string;
  beforeAll(async () => {
    const account = await admin.post('/api/v1/admin/accounts', { name: uniqueName('Picker Org'), type: 'vendor' });
    accountId = account.body.id;
    const group = await admin.post(`/api/v1/admin/accounts/${accountId}/groups`, { name: 'Staff' });
    for (const name of ['alpha', 'charlie', 'boss']) {
      expect((await admin.post(`/api/v1/admin/accounts/${accountId}/members`, { userId: cohort[name]!.id, groupId: group.body.id })).status).toBe(201);
    }
  });

  it('leaves the account\'s members out and finds the others', async () => {
    expect(await usernames(`notInAccount=${accountId}&limit=100`)).toEqual(['delta', 'echo', 'bravo', 'mgr', 'ldap']);
    const member = await admin.get(`/api/v1/admin/users?notInAccount=${accountId}&q=${prefix}-alpha`);
    expect(member.status).toBe(200);
    expect(member.body.items).toEqual([]);
    const nonMember = await admin.get(`/api/v1/admin/users?notInAccount=${accountId}&q=${prefix}-bravo`);
    expect(nonMember.body.items.map((u: { id: string }) => u.id)).toEqual([cohort.bravo!.id]);
    // without the parameter the member is found as before
    expect(await usernames('limit=100')).toContain('alpha');
  });

  it('pages are full: the members are left out by the query, not after it', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await table(admin, `notInAccount=${accountId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      if (page.nextCursor) expect(page.items).toHaveLength(2);
      seen.push(...page.items.map((u) => u.username.slice(prefix.length + 1)));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['delta', 'echo', 'bravo', 'mgr', 'ldap']);
  });

  it('combines with the other filters and with a user manager\'s view (plain users only)', async () => {
    expect(await usernames(`notInAccount=${accountId}&disabled=false&role=user`)).toEqual(['delta', 'bravo', 'ldap']);
    expect(await usernames(`notInAccount=${accountId}&limit=100`, manager)).toEqual(['delta', 'echo', 'bravo', 'ldap']);
  });

  it('an unknown account is 404 account_not_found (not an empty page, which would read as "everyone is a member")', async () => {
    expectProblem(await admin.get(`/api/v1/admin/users?notInAccount=no-such-account`), 404, 'account_not_found');
    expectProblem(await manager.get(`/api/v1/admin/users?notInAccount=no-such-account`), 404, 'account_not_found');
  });

  it('refuses a value that is not one account id', async () => {
    for (const query of ['notInAccount=', `notInAccount=${'x'.repeat(65)}`, `notInAccount=${accountId}&notInAccount=${accountId}`, 'notInAccount=a%00b']) {
      expectProblem(await admin.get(`/api/v1/admin/users?${query}`), 400, 'invalid_request');
    }
  });
});
