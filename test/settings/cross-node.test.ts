import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.js';
import { LISTENER_APPLICATION_NAME } from '../../src/db/pg-change-listener.js';
import { TEST_ORIGIN, type TestApp, setupApp } from '../helpers/app.js';
import { TestClient } from '../helpers/client.js';
import { TestClock } from '../helpers/clock.js';

// Two nodes on one database. The settings are the one thing a node caches on PostgreSQL; a
// change on one node reaches the other as a NOTIFY from the settings table's trigger, and while
// a node's listener is down it reads the database on every request instead.
// SQLite: the second node is a second connection to the file (like the CLI), seen through
// data_version.
const NOTICE_WITHIN_MS = 1000;

let t: TestApp;
let other: FastifyInstance;
let admin: TestClient;
let userOnOther: TestClient;
beforeAll(async () => {
  t = await setupApp();
  other = await buildApp(t.config, { clock: new TestClock(), logger: false });
  const adminUser = await t.createUser({ role: 'admin' });
  admin = await t.login(adminUser);
  const user = await t.createUser();
  userOnOther = new TestClient(other, TEST_ORIGIN);
  const login = await userOnOther.post('/api/v1/auth/login', { username: user.username, password: user.password });
  expect(login.status).toBe(200);
});
afterAll(async () => {
  await other.close();
  await t.close();
});

const usesGravatar = async () => {
  const res = await userOnOther.get('/api/v1/profile');
  expect(res.status).toBe(200);
  return String(res.body.avatarUrl).startsWith('https://www.gravatar.com/');
};

async function setGravatar(on: boolean): Promise<void> {
  const res = await admin.patch('/api/v1/admin/settings', { gravatar: on });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('settings cached per node, dropped by a change on any node', () => {
  it('a change on one node shows on the other within moments (PostgreSQL: NOTIFY; SQLite: data_version)', async () => {
    await setGravatar(true);
    await vi.waitFor(async () => expect(await usesGravatar()).toBe(true), { timeout: NOTICE_WITHIN_MS, interval: 5 });
    expect(await usesGravatar()).toBe(true); // and now from the other node's cache
    const started = Date.now();
    await setGravatar(false);
    await vi.waitFor(async () => expect(await usesGravatar()).toBe(false), { timeout: NOTICE_WITHIN_MS, interval: 5 });
    expect(Date.now() - started).toBeLessThan(NOTICE_WITHIN_MS);
  });

  it('PostgreSQL: with the listener cut, the other node reads the database on every request, then listens again', async () => {
    if (t.config.database.kind !== 'postgres') return expect(other.userhub.database.settingsChanges.version()).not.toBeNull();
    const signal = other.userhub.database.settingsChanges;
    expect(signal.version()).not.toBeNull();
    await setGravatar(false);
    await vi.waitFor(async () => expect(await usesGravatar()).toBe(false), { timeout: NOTICE_WITHIN_MS, interval: 5 });

    // cut every listener of this database (both nodes') from the server side
    const cut = await sql<{ n: number }>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database()`.execute(t.app.userhub.database.db);
    expect(cut.rows[0]?.n).toBeGreaterThanOrEqual(2);
    await vi.waitFor(() => expect(signal.version()).toBeNull(), { timeout: 2000, interval: 5 });

    // no notice can arrive now: the very next request must still see the change
    await setGravatar(true);
    expect(await usesGravatar()).toBe(true);
    await setGravatar(false);
    expect(await usesGravatar()).toBe(false);

    // it reconnects on its own (with back-off) and the cache works again
    await vi.waitFor(() => expect(signal.version()).not.toBeNull(), { timeout: 5000, interval: 20 });
    await setGravatar(true);
    await vi.waitFor(async () => expect(await usesGravatar()).toBe(true), { timeout: NOTICE_WITHIN_MS, interval: 5 });
  });
});
