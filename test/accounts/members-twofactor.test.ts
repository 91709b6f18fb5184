import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp, uniqueName } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { passkeyUser } from '../helpers/passkeys.js';
import { sessionFor } from '../helpers/sessions.js';
import { enableTotp } from '../helpers/twofactor.js';

/**
 * Issue 18.4: per account, who lacks a second factor — `twoFactor` on each member,
 * `membersWithoutTwoFactor` on the account, `?withoutTwoFactor=true` on the member list.
 */
let t: TestApp;
let admin: TestClient;

beforeAll(async () => {
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
});
afterAll(async () => t.close());

async function accountWithMembers(userIds: string[], requiresMfa = true) {
  const account = (await admin.post('/api/v1/admin/accounts', { name: uniqueName('Org '), type: 'reseller', requiresMfa })).body as { id: string };
  const group = (await admin.post(`/api/v1/admin/accounts/${account.id}/groups`, { name: 'Sales' })).body as { id: string };
  for (const userId of userIds) {
    const res = await admin.post(`/api/v1/admin/accounts/${account.id}/members`, { userId, groupId: group.id });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    t.clock.advance(1000);
  }
  return { account, group };
}

const memberIds = (res: { body: { items: { user: { id: string } }[] } }) => res.body.items.map((item) => item.user.id);

describe('the members of an account and their second factor', () => {
  it('each member says whether they have one (TOTP or a passkey); the account counts the active members without; the filter lists exactly those', async () => {
    const plain = await t.createUser();
    const disabled = await t.createUser();
    const withTotp = await t.createUser();
    const { user: withPasskey } = await passkeyUser(t);
    await enableTotp(t, await sessionFor(t, withTotp.id));
    await t.app.userhub.database.db.updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.id).execute();
    const { account } = await accountWithMembers([plain.id, disabled.id, withTotp.id, withPasskey.id]);

    const list = await admin.get(`/api/v1/admin/accounts/${account.id}/members`);
    expect(list.status).toBe(200);
    expect(Object.fromEntries(list.body.items.map((item: { user: { id: string }; twoFactor: boolean }) => [item.user.id, item.twoFactor]))).toEqual({
      [plain.id]: false,
      [disabled.id]: false,
      [withTotp.id]: true,
      [withPasskey.id]: true,
    });

    const detail = await admin.get(`/api/v1/admin/accounts/${account.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.membersWithoutTwoFactor).toBe(1);

    const without = await admin.get(`/api/v1/admin/accounts/${account.id}/members?withoutTwoFactor=true`);
    expect(without.status).toBe(200);
    expect(without.body.items).toEqual([expect.objectContaining({ user: expect.objectContaining({ id: plain.id, disabled: false }), twoFactor: false })]);
    expect(memberIds(await admin.get(`/api/v1/admin/accounts/${account.id}/members?withoutTwoFactor=false`))).toHaveLength(4);

    // the member enrols: the count and the filter follow at once
    await enableTotp(t, await sessionFor(t, plain.id));
    expect((await admin.get(`/api/v1/admin/accounts/${account.id}`)).body.membersWithoutTwoFactor).toBe(0);
    expect((await admin.get(`/api/v1/admin/accounts/${account.id}/members?withoutTwoFactor=true`)).body.items).toEqual([]);
  });

  it('the same rule as the member side: a member listed without a second factor is refused with mfa_required, one with it is let in', async () => {
    const { user: lacking, client: lackingClient } = await t.signedInUser();
    const { user: secured, client: securedClient } = await t.signedInUser();
    await enableTotp(t, securedClient);
    const { account } = await accountWithMembers([lacking.id, secured.id]);
    const flags = Object.fromEntries((await admin.get(`/api/v1/admin/accounts/${account.id}/members`)).body.items.map((item: { user: { id: string }; twoFactor: boolean }) => [item.user.id, item.twoFactor]));
    expect(flags).toEqual({ [lacking.id]: false, [secured.id]: true });
    expectProblem(await lackingClient.get(`/api/v1/accounts/${account.id}`), 403, 'mfa_required');
    expect((await securedClient.get(`/api/v1/accounts/${account.id}`)).status).toBe(200);
  });

  it('counts on an account that does not require MFA too (what turning it on would do)', async () => {
    const plain = await t.createUser();
    const { account } = await accountWithMembers([plain.id], false);
    expect((await admin.get(`/api/v1/admin/accounts/${account.id}`)).body).toMatchObject({ requiresMfa: false, membersWithoutTwoFactor: 1 });
  });

  it('adding and moving a member answer the flag too', async () => {
    const { user, client } = await t.signedInUser();
    await enableTotp(t, client);
    const { account } = await accountWithMembers([]);
    const other = (await admin.post(`/api/v1/admin/accounts/${account.id}/groups`, { name: 'Other' })).body as { id: string };
    const groups = (await admin.get(`/api/v1/admin/accounts/${account.id}/groups`)).body.items as { id: string; name: string }[];
    const sales = groups.find((group) => group.name === 'Sales')!;
    const added = await admin.post(`/api/v1/admin/accounts/${account.id}/members`, { userId: user.id, groupId: sales.id });
    expect(added.body).toMatchObject({ user: { id: user.id }, twoFactor: true });
    const moved = await admin.patch(`/api/v1/admin/accounts/${account.id}/members/${user.id}`, { groupId: other.id });
    expect(moved.body).toMatchObject({ group: { id: other.id }, twoFactor: true });
  });

  it('pages the members without a second factor with limit and cursor, oldest first', async () => {
    const users = [await t.createUser(), await t.createUser(), await t.createUser()];
    const secured = await t.createUser();
    await enableTotp(t, await sessionFor(t, secured.id));
    const { account } = await accountWithMembers([users[0]!.id, secured.id, users[1]!.id, users[2]!.id]);
    const base = `/api/v1/admin/accounts/${account.id}/members?withoutTwoFactor=true&limit=2`;
    const first = await admin.get(base);
    expect(memberIds(first)).toEqual([users[0]!.id, users[1]!.id]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await admin.get(`${base}&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(memberIds(second)).toEqual([users[2]!.id]);
    expect(second.body.nextCursor).toBeNull();
    expectProblem(await admin.get(`${base}&cursor=nope`), 400, 'invalid_cursor');
    expectProblem(await admin.get(`/api/v1/admin/accounts/${account.id}/members?withoutTwoFactor=maybe`), 400, 'invalid_request');
  });

  it('given an unknown account, then 404 account_not_found for the count and the filtered list', async () => {
    expectProblem(await admin.get('/api/v1/admin/accounts/nope'), 404, 'account_not_found');
    expectProblem(await admin.get('/api/v1/admin/accounts/nope/members?withoutTwoFactor=true'), 404, 'account_not_found');
  });

  it('given no session, then 401; given a user or a user manager, then 403 admin_required', async () => {
    const { account } = await accountWithMembers([]);
    const paths = [`/api/v1/admin/accounts/${account.id}`, `/api/v1/admin/accounts/${account.id}/members?withoutTwoFactor=true`];
    const { client: user } = await t.signedInUser();
    const { client: manager } = await t.signedInUser({ role: 'usermanager' });
    for (const path of paths) {
      expectProblem(await t.anonymous().get(path), 401, 'unauthenticated');
      expectProblem(await user.get(path), 403, 'admin_required');
      expectProblem(await manager.get(path), 403, 'admin_required');
    }
  });
});
