import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp, uniqueName } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

let t: TestApp;
let admin: TestClient;

beforeAll(async () => {
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
});
afterAll(async () => t.close());

async function newAccount(overrides: Record<string, unknown> = {}) {
  const res = await admin.post('/api/v1/admin/accounts', { name: uniqueName('Acme '), type: 'vendor', ...overrides });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string };
}

async function newGroup(accountId: string, name = uniqueName('group ')) {
  const res = await admin.post(`/api/v1/admin/accounts/${accountId}/groups`, { name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string };
}

describe('accounts', () => {
  it('create, get, list, update and delete', async () => {
    const created = await admin.post('/api/v1/admin/accounts', { name: '  Nordwind Vertrieb GmbH ', type: 'distributor', requiresMfa: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'Nordwind Vertrieb GmbH', type: 'distributor', requiresMfa: true });
    const id = created.body.id;
    expect((await admin.get(`/api/v1/admin/accounts/${id}`)).body).toMatchObject({ name: 'Nordwind Vertrieb GmbH', groups: [] });
    expect((await admin.get('/api/v1/admin/accounts?q=nordwind')).body.items.map((a: { id: string }) => a.id)).toEqual([id]);

    const updated = await admin.patch(`/api/v1/admin/accounts/${id}`, { name: 'Nordwind AG', type: 'reseller', requiresMfa: false });
    expect(updated.body).toMatchObject({ id, name: 'Nordwind AG', type: 'reseller', requiresMfa: false });
    expect(updated.body.updatedAt >= created.body.updatedAt).toBe(true);

    expect((await admin.delete(`/api/v1/admin/accounts/${id}`)).status).toBe(204);
    expectProblem(await admin.get(`/api/v1/admin/accounts/${id}`), 404, 'account_not_found');
    expectProblem(await admin.delete(`/api/v1/admin/accounts/${id}`), 404, 'account_not_found');
  });

  it('requiresMfa defaults to false', async () => {
    expect((await admin.post('/api/v1/admin/accounts', { name: uniqueName('Plain '), type: 'reseller' })).body.requiresMfa).toBe(false);
  });

  it.each([
    ['an unknown type', { name: 'X Corp', type: 'pirate' }],
    ['a type in other case', { name: 'X Corp', type: 'Vendor' }],
    ['no type', { name: 'X Corp' }],
    ['no name', { type: 'vendor' }],
    ['a number as name', { name: 42, type: 'vendor' }],
    ['requiresMfa as a string', { name: 'X Corp', type: 'vendor', requiresMfa: 'yes' }],
    ['a 1 MB name', { name: 'x'.repeat(500_000), type: 'vendor' }],
  ])('given %s, then 400 invalid_request', async (_name, body) => {
    expectProblem(await admin.post('/api/v1/admin/accounts', body), 400, 'invalid_request');
  });

  it.each([
    ['a blank name', '   '],
    ['a name with control characters', 'Bad\u0007Name'],
    ['a name over 100 characters', 'n'.repeat(101)],
  ])('given %s, then 400 invalid_account_name', async (_name, name) => {
    expectProblem(await admin.post('/api/v1/admin/accounts', { name, type: 'vendor' }), 400, 'invalid_account_name');
  });

  it('names are unique regardless of case: 409 account_name_taken on create and rename', async () => {
    const a = await newAccount();
    const b = await newAccount();
    expectProblem(await admin.post('/api/v1/admin/accounts', { name: a.name.toUpperCase(), type: 'reseller' }), 409, 'account_name_taken');
    expectProblem(await admin.patch(`/api/v1/admin/accounts/${b.id}`, { name: a.name }), 409, 'account_name_taken');
    expect((await admin.patch(`/api/v1/admin/accounts/${a.id}`, { name: a.name.toUpperCase() })).status).toBe(200);
  });

  it('update validation: unknown type, empty body, unknown id', async () => {
    const a = await newAccount();
    expectProblem(await admin.patch(`/api/v1/admin/accounts/${a.id}`, { type: 'wholesaler' }), 400, 'invalid_request');
    expectProblem(await admin.patch(`/api/v1/admin/accounts/${a.id}`, {}), 400, 'invalid_request');
    expectProblem(await admin.patch('/api/v1/admin/accounts/nope', { name: 'Y' }), 404, 'account_not_found');
  });

  it('lists with pagination', async () => {
    const tag = uniqueName('Paged');
    for (let i = 0; i < 3; i++) await newAccount({ name: `${tag} ${i}` });
    const first = await admin.get(`/api/v1/admin/accounts?q=${tag}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    const second = await admin.get(`/api/v1/admin/accounts?q=${tag}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });

  it('deleting an account removes its groups and memberships, not the users', async () => {
    const a = await newAccount();
    const g = await newGroup(a.id);
    const user = await t.createUser();
    await admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: user.id, groupId: g.id });
    expect((await admin.delete(`/api/v1/admin/accounts/${a.id}`)).status).toBe(204);
    const db = t.app.userhub.database.db;
    expect(await db.selectFrom('account_groups').select('id').where('account_id', '=', a.id).execute()).toEqual([]);
    expect(await db.selectFrom('account_members').select('user_id').where('account_id', '=', a.id).execute()).toEqual([]);
    expect((await admin.get(`/api/v1/admin/users/${user.id}`)).status).toBe(200);
  });
});

describe('groups', () => {
  it('create, list with member counts, rename, delete', async () => {
    const a = await newAccount();
    const sales = await newGroup(a.id, 'Sales');
    const ops = await newGroup(a.id, 'Operations');
    const list = await admin.get(`/api/v1/admin/accounts/${a.id}/groups`);
    expect(list.body.items.map((g: { name: string }) => g.name)).toEqual(['Operations', 'Sales']);
    const renamed = await admin.patch(`/api/v1/admin/accounts/${a.id}/groups/${sales.id}`, { name: 'Key Accounts' });
    expect(renamed.body).toMatchObject({ id: sales.id, name: 'Key Accounts', memberCount: 0 });
    expect((await admin.delete(`/api/v1/admin/accounts/${a.id}/groups/${ops.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/admin/accounts/${a.id}`)).body.groups.map((g: { id: string }) => g.id)).toEqual([sales.id]);
  });

  it('group names are unique within an account (409 group_name_taken), free across accounts', async () => {
    const [a, b] = [await newAccount(), await newAccount()];
    const g = await newGroup(a.id, 'Buyers');
    expectProblem(await admin.post(`/api/v1/admin/accounts/${a.id}/groups`, { name: 'BUYERS' }), 409, 'group_name_taken');
    const other = await newGroup(a.id, 'Sellers');
    expectProblem(await admin.patch(`/api/v1/admin/accounts/${a.id}/groups/${other.id}`, { name: 'buyers' }), 409, 'group_name_taken');
    expect((await admin.post(`/api/v1/admin/accounts/${b.id}/groups`, { name: 'Buyers' })).status).toBe(201);
    expect((await admin.patch(`/api/v1/admin/accounts/${a.id}/groups/${g.id}`, { name: 'Buyers' })).status).toBe(200);
  });

  it('a group with members cannot be deleted: 409 group_not_empty; once empty it can', async () => {
    const a = await newAccount();
    const g = await newGroup(a.id);
    const user = await t.createUser();
    await admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: user.id, groupId: g.id });
    expectProblem(await admin.delete(`/api/v1/admin/accounts/${a.id}/groups/${g.id}`), 409, 'group_not_empty');
    expect((await admin.get(`/api/v1/admin/accounts/${a.id}/groups`)).body.items[0]).toMatchObject({ id: g.id, memberCount: 1 });
    await admin.delete(`/api/v1/admin/accounts/${a.id}/members/${user.id}`);
    expect((await admin.delete(`/api/v1/admin/accounts/${a.id}/groups/${g.id}`)).status).toBe(204);
  });

  it("another account's group is not found through this account (404 group_not_found)", async () => {
    const [a, b] = [await newAccount(), await newAccount()];
    const gb = await newGroup(b.id);
    expectProblem(await admin.patch(`/api/v1/admin/accounts/${a.id}/groups/${gb.id}`, { name: 'Mine now' }), 404, 'group_not_found');
    expectProblem(await admin.delete(`/api/v1/admin/accounts/${a.id}/groups/${gb.id}`), 404, 'group_not_found');
    expect((await admin.get(`/api/v1/admin/accounts/${b.id}/groups`)).body.items).toHaveLength(1);
  });

  it('validation: blank name 400 invalid_group_name, missing name 400, unknown account 404', async () => {
    const a = await newAccount();
    expectProblem(await admin.post(`/api/v1/admin/accounts/${a.id}/groups`, { name: ' ' }), 400, 'invalid_group_name');
    expectProblem(await admin.post(`/api/v1/admin/accounts/${a.id}/groups`, {}), 400, 'invalid_request');
    expectProblem(await admin.post('/api/v1/admin/accounts/none/groups', { name: 'X' }), 404, 'account_not_found');
    expectProblem(await admin.get('/api/v1/admin/accounts/none/groups'), 404, 'account_not_found');
  });
});

describe('members', () => {
  it('add, list, move to another group, remove', async () => {
    const a = await newAccount();
    const [g1, g2] = [await newGroup(a.id, 'One'), await newGroup(a.id, 'Two')];
    const user = await t.createUser({ displayName: 'Member Person' });
    const added = await admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: user.id, groupId: g1.id });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ user: { id: user.id, username: user.username, displayName: 'Member Person', disabled: false }, group: { id: g1.id, name: 'One' } });
    const moved = await admin.patch(`/api/v1/admin/accounts/${a.id}/members/${user.id}`, { groupId: g2.id });
    expect(moved.body.group).toEqual({ id: g2.id, name: 'Two' });
    const list = await admin.get(`/api/v1/admin/accounts/${a.id}/members`);
    expect(list.body).toMatchObject({ items: [{ user: { id: user.id }, group: { id: g2.id } }], nextCursor: null });
    expect((await admin.delete(`/api/v1/admin/accounts/${a.id}/members/${user.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/admin/accounts/${a.id}/members`)).body.items).toEqual([]);
    expectProblem(await admin.delete(`/api/v1/admin/accounts/${a.id}/members/${user.id}`), 404, 'member_not_found');
  });

  it('one group per account: adding a member twice (any group) is 409 already_member', async () => {
    const a = await newAccount();
    const [g1, g2] = [await newGroup(a.id), await newGroup(a.id)];
    const user = await t.createUser();
    await admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: user.id, groupId: g1.id });
    expectProblem(await admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: user.id, groupId: g2.id }), 409, 'already_member');
    expectProblem(await admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: user.id, groupId: g1.id }), 409, 'already_member');
    const rows = await t.app.userhub.database.db.selectFrom('account_members').selectAll().where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.group_id).toBe(g1.id);
  });

  it('two concurrent adds of one user to two groups: exactly one wins', async () => {
    const a = await newAccount();
    const [g1, g2] = [await newGroup(a.id), await newGroup(a.id)];
    const user = await t.createUser();
    const results = await Promise.all([
      admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: user.id, groupId: g1.id }),
      admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: user.id, groupId: g2.id }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('a user may be in one group of each of several accounts', async () => {
    const user = await t.createUser();
    for (const type of ['vendor', 'distributor', 'reseller']) {
      const a = await newAccount({ type });
      const g = await newGroup(a.id);
      expect((await admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: user.id, groupId: g.id })).status).toBe(201);
    }
  });

  it("group validation: another account's group or an unknown group is 422 group_not_in_account", async () => {
    const [a, b] = [await newAccount(), await newAccount()];
    const ga = await newGroup(a.id);
    const gb = await newGroup(b.id);
    const user = await t.createUser();
    expectProblem(await admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: user.id, groupId: gb.id }), 422, 'group_not_in_account');
    expectProblem(await admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: user.id, groupId: 'no-such-group' }), 422, 'group_not_in_account');
    await admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: user.id, groupId: ga.id });
    expectProblem(await admin.patch(`/api/v1/admin/accounts/${a.id}/members/${user.id}`, { groupId: gb.id }), 422, 'group_not_in_account');
    expect((await admin.get(`/api/v1/admin/accounts/${a.id}/members`)).body.items[0].group.id).toBe(ga.id);
  });

  it('unknown user 404 user_not_found, unknown account 404, moving a non-member 404 member_not_found, bad bodies 400', async () => {
    const a = await newAccount();
    const g = await newGroup(a.id);
    const stranger = await t.createUser();
    expectProblem(await admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: 'ghost', groupId: g.id }), 404, 'user_not_found');
    expectProblem(await admin.post('/api/v1/admin/accounts/none/members', { userId: stranger.id, groupId: g.id }), 404, 'account_not_found');
    expectProblem(await admin.patch(`/api/v1/admin/accounts/${a.id}/members/${stranger.id}`, { groupId: g.id }), 404, 'member_not_found');
    expectProblem(await admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: stranger.id }), 400, 'invalid_request');
    expectProblem(await admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: [stranger.id], groupId: g.id }), 400, 'invalid_request');
    expectProblem(await admin.get(`/api/v1/admin/accounts/${a.id}/members?cursor=%%%`), 400, 'invalid_cursor');
  });

  it('deleting a user removes their memberships', async () => {
    const a = await newAccount();
    const g = await newGroup(a.id);
    const user = await t.createUser();
    await admin.post(`/api/v1/admin/accounts/${a.id}/members`, { userId: user.id, groupId: g.id });
    expect((await admin.delete(`/api/v1/admin/users/${user.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/admin/accounts/${a.id}/members`)).body.items).toEqual([]);
    expect((await admin.delete(`/api/v1/admin/accounts/${a.id}/groups/${g.id}`)).status).toBe(204);
  });
});
