import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAccountMember } from '../../src/features/accounts/guard.js';
import { type TestApp, expectProblem, setupApp, uniqueName } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { sessionFor } from '../helpers/sessions.js';
import { issueToken } from '../helpers/tokens.js';
import { disableTotp, enableTotp } from '../helpers/twofactor.js';

let t: TestApp;
let admin: TestClient;

beforeAll(async () => {
  t = await setupApp();
  // a route added under /accounts/:id later reuses the same guard
  t.app.get('/api/v1/accounts/:id/probe', { preHandler: [t.app.requireUser, requireAccountMember(t.app.userhub.services.accounts)] }, async () => ({ ok: true }));
  admin = (await t.signedInUser({ role: 'admin' })).client;
});
afterAll(async () => t.close());

async function accountWith(userId: string, options: { requiresMfa?: boolean; type?: string; group?: string } = {}) {
  const account = (await admin.post('/api/v1/admin/accounts', { name: uniqueName('Org '), type: options.type ?? 'vendor', requiresMfa: options.requiresMfa ?? false })).body;
  const group = (await admin.post(`/api/v1/admin/accounts/${account.id}/groups`, { name: options.group ?? 'Members' })).body;
  expect((await admin.post(`/api/v1/admin/accounts/${account.id}/members`, { userId, groupId: group.id })).status).toBe(201);
  return { account, group };
}

describe('GET /api/v1/accounts', () => {
  it('lists my memberships with account, group and the MFA state', async () => {
    const { user, client } = await t.signedInUser();
    const vendor = await accountWith(user.id, { type: 'vendor', group: 'Buyers' });
    const reseller = await accountWith(user.id, { type: 'reseller', requiresMfa: true, group: 'Sellers' });
    const res = await client.get('/api/v1/accounts');
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items).toEqual([
      {
        account: { id: vendor.account.id, name: vendor.account.name, type: 'vendor' },
        group: { id: vendor.group.id, name: 'Buyers' },
        requiresMfa: false,
        mfaSatisfied: true,
        joinedAt: expect.any(String),
      },
      {
        account: { id: reseller.account.id, name: reseller.account.name, type: 'reseller' },
        group: { id: reseller.group.id, name: 'Sellers' },
        requiresMfa: true,
        mfaSatisfied: false,
        joinedAt: expect.any(String),
      },
    ]);
    await enableTotp(t, client);
    expect((await client.get('/api/v1/accounts')).body.items.map((m: { mfaSatisfied: boolean }) => m.mfaSatisfied)).toEqual([true, true]);
  });

  it('shows nobody else’s memberships and pages with a cursor', async () => {
    const { user, client } = await t.signedInUser();
    const other = await t.createUser();
    await accountWith(other.id);
    expect((await client.get('/api/v1/accounts')).body.items).toEqual([]);
    for (let i = 0; i < 3; i++) await accountWith(user.id);
    const first = await client.get('/api/v1/accounts?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await client.get(`/api/v1/accounts?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(new Set([...first.body.items, ...second.body.items].map((m: { account: { id: string } }) => m.account.id)).size).toBe(3);
  });

  it('without credentials: 401', async () => {
    expectProblem(await t.anonymous().get('/api/v1/accounts'), 401, 'unauthenticated');
  });
});

describe('GET /api/v1/accounts/{id}', () => {
  it('a member gets the account and their group', async () => {
    const { user, client } = await t.signedInUser();
    const { account, group } = await accountWith(user.id, { type: 'distributor' });
    const res = await client.get(`/api/v1/accounts/${account.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ account: { id: account.id, name: account.name, type: 'distributor' }, group: { id: group.id }, requiresMfa: false, mfaSatisfied: true });
  });

  it('a non-member gets 404 account_not_found, exactly as for an account that does not exist', async () => {
    const owner = await t.createUser();
    const { account } = await accountWith(owner.id, { requiresMfa: true });
    const { client } = await t.signedInUser();
    const foreign = await client.get(`/api/v1/accounts/${account.id}`);
    const missing = await client.get('/api/v1/accounts/does-not-exist');
    expectProblem(foreign, 404, 'account_not_found');
    expectProblem(missing, 404, 'account_not_found');
    expect(foreign.body).toEqual(missing.body);
    expectProblem(await client.get(`/api/v1/accounts/${'x'.repeat(65)}`), 400, 'invalid_request');
  });

  it('MFA gate: 403 mfa_required before the member has 2FA, 200 after; the same for every route under it', async () => {
    const { user, client } = await t.signedInUser();
    const { account } = await accountWith(user.id, { requiresMfa: true });
    expectProblem(await client.get(`/api/v1/accounts/${account.id}`), 403, 'mfa_required');
    expectProblem(await client.get(`/api/v1/accounts/${account.id}/probe`), 403, 'mfa_required');

    await enableTotp(t, client);
    const res = await client.get(`/api/v1/accounts/${account.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ requiresMfa: true, mfaSatisfied: true });
    expect((await client.get(`/api/v1/accounts/${account.id}/probe`)).body).toEqual({ ok: true });

    // 2FA taken away: refused again at once
    await disableTotp(client, user.password);
    expectProblem(await client.get(`/api/v1/accounts/${account.id}`), 403, 'mfa_required');
  });

  it('MFA gate follows the account setting: turning it off lets members without 2FA in', async () => {
    const { user, client } = await t.signedInUser();
    const { account } = await accountWith(user.id, { requiresMfa: true });
    expectProblem(await client.get(`/api/v1/accounts/${account.id}`), 403, 'mfa_required');
    await admin.patch(`/api/v1/admin/accounts/${account.id}`, { requiresMfa: false });
    expect((await client.get(`/api/v1/accounts/${account.id}`)).status).toBe(200);
    await admin.patch(`/api/v1/admin/accounts/${account.id}`, { requiresMfa: true });
    expectProblem(await client.get(`/api/v1/accounts/${account.id}`), 403, 'mfa_required');
  });

  it('applies to API tokens too', async () => {
    const user = await t.createUser();
    const { account } = await accountWith(user.id, { requiresMfa: true });
    const script = t.anonymous();
    script.bearer = await issueToken(t, user.id, 'readonly');
    expectProblem(await script.get(`/api/v1/accounts/${account.id}`), 403, 'mfa_required');
    await enableTotp(t, await sessionFor(t, user.id));
    expect((await script.get(`/api/v1/accounts/${account.id}`)).status).toBe(200);
  });

  it('removed from the account: 404 at once', async () => {
    const { user, client } = await t.signedInUser();
    const { account } = await accountWith(user.id);
    expect((await client.get(`/api/v1/accounts/${account.id}`)).status).toBe(200);
    await admin.delete(`/api/v1/admin/accounts/${account.id}/members/${user.id}`);
    expectProblem(await client.get(`/api/v1/accounts/${account.id}`), 404, 'account_not_found');
  });

  it('without credentials: 401 before anything about the account is revealed', async () => {
    const owner = await t.createUser();
    const { account } = await accountWith(owner.id);
    expectProblem(await t.anonymous().get(`/api/v1/accounts/${account.id}`), 401, 'unauthenticated');
  });
});
