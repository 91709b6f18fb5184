import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, setupApp } from '../helpers/app.js';
import { RACE_TIMEOUT_MS, RACE_TRIES } from '../helpers/race.js';
import type { TestClient } from '../helpers/client.js';

/**
 * "At least one active admin" under concurrency: every way an admin can go (deleting
 * themselves, being demoted, being disabled) races another admin doing the same, 25 times.
 * On PostgreSQL the two requests really run at once.
 */
let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;
const activeAdmins = async () =>
  (await db().selectFrom('users').select('id').where('role', '=', 'admin').where('disabled', '=', 0).execute()).length;

/** Exactly two active admins, both signed in. */
async function twoAdmins(): Promise<[{ user: TestUser; client: TestClient }, { user: TestUser; client: TestClient }]> {
  await db().deleteFrom('users').where('role', '=', 'admin').execute();
  const a = await t.signedInUser({ role: 'admin' });
  const b = await t.signedInUser({ role: 'admin' });
  t.clock.advance(61_000); // the password checks of earlier tries leave the minute budgets
  return [a, b];
}

describe('the last active admin, raced', () => {
  it(`given two admins deleting their own accounts at once, then one is refused 409 last_admin (${RACE_TRIES} tries)`, async () => {
    for (let i = 0; i < RACE_TRIES; i++) {
      const [a, b] = await twoAdmins();
      const results = await Promise.all([
        a.client.delete('/api/v1/profile', { password: a.user.password }),
        b.client.delete('/api/v1/profile', { password: b.user.password }),
      ]);
      expect(results.map((r) => r.status).sort(), `try ${i}`).toEqual([204, 409]);
      expect(results.find((r) => r.status === 409)?.body.code).toBe('last_admin');
      expect(await activeAdmins(), `try ${i}`).toBe(1);
    }
  }, RACE_TIMEOUT_MS);

  it(`given two admins demoting each other at once, then one stays admin (${RACE_TRIES} tries)`, async () => {
    for (let i = 0; i < RACE_TRIES; i++) {
      const [a, b] = await twoAdmins();
      const results = await Promise.all([
        a.client.patch(`/api/v1/admin/users/${b.user.id}`, { role: 'user' }),
        b.client.patch(`/api/v1/admin/users/${a.user.id}`, { role: 'user' }),
      ]);
      expect(results.map((r) => r.status).sort(), `try ${i}: ${JSON.stringify(results.map((r) => r.body))}`).toContain(200);
      expect(await activeAdmins(), `try ${i}`).toBe(1);
    }
  }, RACE_TIMEOUT_MS);

  it(`given two admins disabling each other at once, then one stays an active admin (${RACE_TRIES} tries)`, async () => {
    for (let i = 0; i < RACE_TRIES; i++) {
      const [a, b] = await twoAdmins();
      await Promise.all([
        a.client.patch(`/api/v1/admin/users/${b.user.id}`, { disabled: true }),
        b.client.patch(`/api/v1/admin/users/${a.user.id}`, { disabled: true }),
      ]);
      expect(await activeAdmins(), `try ${i}`).toBe(1);
    }
  }, RACE_TIMEOUT_MS);

  it(`given one admin deleting themselves while the other deletes them, then one admin is left (${RACE_TRIES} tries)`, async () => {
    for (let i = 0; i < RACE_TRIES; i++) {
      const [a, b] = await twoAdmins();
      await Promise.all([a.client.delete('/api/v1/profile', { password: a.user.password }), b.client.delete(`/api/v1/admin/users/${b.user.id}`)]);
      expect(await activeAdmins(), `try ${i}`).toBe(1);
    }
  }, RACE_TIMEOUT_MS);
});
