import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, setupApp } from '../helpers/app.js';
import { RACE_TIMEOUT_MS, RACE_TRIES } from '../helpers/race.js';

/**
 * A user manager may edit plain users only. Raced against an admin promoting that user, the
 * manager's role check runs on the target's row as locked in the edit's transaction: never both
 * "promoted to admin" and "changed by the manager" (which would let a manager point an admin's
 * recovery address at themselves). The same for the user page's acts (ending sessions, a reset
 * mail). On PostgreSQL the requests really run at once.
 */
let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

describe('a user manager acting on a user an admin is promoting', () => {
  it(`given an edit and a promotion at once, then the edit is refused or lands before the promotion (${RACE_TRIES} tries)`, async () => {
    const admin = await t.signedInUser({ role: 'admin' });
    const manager = await t.signedInUser({ role: 'usermanager' });
    for (let i = 0; i < RACE_TRIES; i++) {
      const target = await t.createUser();
      const evil = `evil${i}@attacker.example`;
      const [promoted, edited] = await Promise.all([
        admin.client.patch(`/api/v1/admin/users/${target.id}`, { role: 'admin' }),
        manager.client.patch(`/api/v1/admin/users/${target.id}`, { recoveryEmail: evil }),
      ]);
      expect(promoted.status, `try ${i}: ${JSON.stringify(promoted.body)}`).toBe(200);
      expect([200, 403], `try ${i}: ${JSON.stringify(edited.body)}`).toContain(edited.status);
      const row = await t.app.userhub.database.db.selectFrom('users').select(['role', 'recovery_email']).where('id', '=', target.id).executeTakeFirstOrThrow();
      expect(row.role).toBe('admin');
      if (edited.status === 403) {
        expect(edited.body.code).toBe('admin_required');
        expect(row.recovery_email, `try ${i}`).toBeNull();
      } else {
        // the manager's edit committed first, while the user was still a plain user: the audit says so, in that order
        const entries = (await admin.client.get(`/api/v1/admin/audit?target=${target.id}`)).body.items as { type: string; changes: Record<string, unknown> }[];
        expect(entries.map((e) => Object.keys(e.changes)[0]), `try ${i}`).toEqual(['role', 'recoveryEmail']);
      }
    }
  }, RACE_TIMEOUT_MS);

  it(`given ending sessions and a promotion at once, then ending is refused or lands before (${RACE_TRIES} tries)`, async () => {
    const admin = await t.signedInUser({ role: 'admin' });
    const manager = await t.signedInUser({ role: 'usermanager' });
    for (let i = 0; i < RACE_TRIES; i++) {
      const { user: target, client } = await t.signedInUser();
      const [promoted, ended] = await Promise.all([
        admin.client.patch(`/api/v1/admin/users/${target.id}`, { role: 'admin' }),
        manager.client.delete(`/api/v1/admin/users/${target.id}/sessions`),
      ]);
      expect(promoted.status).toBe(200);
      expect([200, 403], `try ${i}: ${JSON.stringify(ended.body)}`).toContain(ended.status);
      const signedIn = (await client.get('/api/v1/profile')).status === 200;
      expect(signedIn, `try ${i}`).toBe(ended.status === 403);
    }
  }, RACE_TIMEOUT_MS);
});
