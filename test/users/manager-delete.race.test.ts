import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, setupApp } from '../helpers/app.js';
import { RACE_TIMEOUT_MS, RACE_TRIES } from '../helpers/race.js';

/**
 * A user manager may delete plain users only. Raced against an admin promoting that user, the
 * deletion's role check must see the promotion (it runs inside the deletion's transaction, after
 * the admins are locked): never both "promoted" and "deleted". On PostgreSQL the two requests
 * really run at once.
 */
let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

describe('a user manager deleting a user an admin is promoting', () => {
  it(`given both at once, then either the deletion wins (the promotion finds no user) or the promotion does (the deletion is refused) (${RACE_TRIES} tries)`, async () => {
    const admin = await t.signedInUser({ role: 'admin' });
    const manager = await t.signedInUser({ role: 'usermanager' });
    for (let i = 0; i < RACE_TRIES; i++) {
      const target = await t.createUser();
      const [promoted, deleted] = await Promise.all([
        admin.client.patch(`/api/v1/admin/users/${target.id}`, { role: 'admin' }),
        manager.client.delete(`/api/v1/admin/users/${target.id}`),
      ]);
      const left = await t.app.userhub.database.db.selectFrom('users').select('role').where('id', '=', target.id).executeTakeFirst();
      const outcome = `${promoted.status}/${deleted.status}`;
      expect(['200/403', '404/204'], `try ${i}: ${JSON.stringify([promoted.body, deleted.body])}`).toContain(outcome);
      if (deleted.status === 204) expect(left, `try ${i}`).toBeUndefined();
      else {
        expect(deleted.body.code).toBe('admin_required');
        expect(left?.role, `try ${i}`).toBe('admin');
      }
    }
  }, RACE_TIMEOUT_MS);
});
