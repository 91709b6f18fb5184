import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { insertDirectoryUser, storeDisabledDirectory } from '../helpers/directory.js';
import { passkeyUser } from '../helpers/passkeys.js';
import { sessionFor } from '../helpers/sessions.js';
import { issueToken, tokenClient } from '../helpers/tokens.js';
import { enableTotp } from '../helpers/twofactor.js';

/** Issue 18.4: who `usersWithoutTwoFactor` counts, for the admin settings (GET /admin/settings/users-without-twofactor). */
let t: TestApp;
let admin: TestClient;

const PATH = '/api/v1/admin/settings/users-without-twofactor';

beforeAll(async () => {
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
});
afterAll(async () => t.close());

interface Item {
  id: string;
  username: string;
  displayName: string;
  email: string;
  source: string;
  lastSignInAt: string | null;
}

/** Every page, following nextCursor. */
async function everyone(limit = 100): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { items: Item[]; nextCursor: string | null } } = await admin.get(`${PATH}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

async function count(): Promise<number> {
  return (await admin.get('/api/v1/admin/settings')).body.usersWithoutTwoFactor;
}

describe('GET /api/v1/admin/settings/users-without-twofactor', () => {
  it('lists the active users without a second factor, the ones usersWithoutTwoFactor counts: not the disabled, not those with TOTP or a passkey', async () => {
    const plain = await t.createUser({ displayName: 'Plain Person' });
    const disabled = await t.createUser();
    const withTotp = await t.createUser();
    await t.app.userhub.database.db.updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.id).execute();
    await enableTotp(t, await sessionFor(t, withTotp.id));
    const { user: withPasskey } = await passkeyUser(t);

    const items = await everyone();
    const ids = items.map((item) => item.id);
    expect(ids).toContain(plain.id);
    expect(ids).not.toContain(disabled.id);
    expect(ids).not.toContain(withTotp.id);
    expect(ids).not.toContain(withPasskey.id);
    expect(items.length).toBe(await count());
    expect(items.find((item) => item.id === plain.id)).toEqual({
      id: plain.id,
      username: plain.username,
      displayName: 'Plain Person',
      email: plain.email,
      source: 'local',
      lastSignInAt: null,
    });
  });

  it('pages oldest first with limit and cursor; every user once; a user who enrols leaves the list', async () => {
    for (let i = 0; i < 4; i++) {
      await t.createUser();
      t.clock.advance(1000);
    }
    const all = await everyone();
    expect(all.length).toBeGreaterThanOrEqual(5);
    const paged = await everyone(2);
    expect(paged.map((item) => item.id)).toEqual(all.map((item) => item.id));
    expect(new Set(paged.map((item) => item.id)).size).toBe(paged.length);

    const first = await admin.get(`${PATH}?limit=2`);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const enrolling = all[all.length - 1]!;
    await enableTotp(t, await sessionFor(t, enrolling.id));
    expect((await everyone()).map((item) => item.id)).not.toContain(enrolling.id);
  });

  it('leaves out directory users while their directory provides 2FA, as the count does', async () => {
    const id = await insertDirectoryUser(t, `dir${Date.now().toString(36)}`);
    expect((await everyone()).find((item) => item.id === id)).toMatchObject({ source: 'ldap' });
    await storeDisabledDirectory(admin, true);
    try {
      const items = await everyone();
      expect(items.map((item) => item.id)).not.toContain(id);
      expect(items.every((item) => item.source === 'local')).toBe(true);
      expect(items.length).toBe(await count());
    } finally {
      await storeDisabledDirectory(admin, false);
    }
  });

  it('given no session, then 401 unauthenticated', async () => {
    expectProblem(await t.anonymous().get(PATH), 401, 'unauthenticated');
  });

  it('given a user or a user manager, then 403 admin_required', async () => {
    const { client: user } = await t.signedInUser();
    expectProblem(await user.get(PATH), 403, 'admin_required');
    const { client: manager } = await t.signedInUser({ role: 'usermanager' });
    expectProblem(await manager.get(PATH), 403, 'admin_required');
  });

  it("given an admin's API token, then it lists too (a GET, like the settings)", async () => {
    const { user } = await t.signedInUser({ role: 'admin' });
    const res = await tokenClient(t, await issueToken(t, user.id, 'readonly')).get(`${PATH}?limit=1`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items).toHaveLength(1);
  });

  it.each([
    ['a cursor that is not ours', 'invalid_cursor', '?cursor=nope'],
    ['a limit of 0', 'invalid_request', '?limit=0'],
    ['a limit over 100', 'invalid_request', '?limit=101'],
  ])('given %s, then 400 %s', async (_name, code, query) => {
    expectProblem(await admin.get(`${PATH}${query}`), 400, code);
  });
});
