import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { main } from '../../src/main.js';
import { TEST_ORIGIN, type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { createToken, tokenClient } from '../helpers/tokens.js';
import { TestClient } from '../helpers/client.js';
import { TestClock } from '../helpers/clock.js';

// On SQLite every request reads its session (or token) and the profile view through the read
// cache. These tests change the database from elsewhere — a second app on the same database (on
// SQLite, a second connection, like the CLI's) and the CLI itself — and expect the first app to
// see it: on PostgreSQL, where the caches are off, at the very next request; on SQLite within the
// data_version probe interval (50 ms; the test allows 500 ms on a busy machine).
const SEEN_WITHIN_MS = 500;

let t: TestApp;
let other: FastifyInstance;
beforeAll(async () => {
  t = await setupApp();
  other = await buildApp(t.config, { clock: new TestClock(), logger: false });
  for (const app of [t.app, other]) {
    // no background writes (mail deliveries) that would empty the caches for us
    await app.userhub.services.mail.stop();
    // SQLite caches the hot reads; PostgreSQL (many nodes) never does
    expect(app.userhub.database.changes === null).toBe(app.userhub.database.engine === 'postgres');
  }
});
afterAll(async () => {
  await other.close();
  await t.close();
});

/** The same client (cookie or token) talking to the other node. */
function onOther(client: TestClient): TestClient {
  const twin = new TestClient(other, TEST_ORIGIN);
  twin.cookie = client.cookie;
  twin.bearer = client.bearer;
  return twin;
}

/** PostgreSQL: `check` passes at once. SQLite: polls until it passes, failing after SEEN_WITHIN_MS. */
async function seenWithin(check: () => Promise<void>): Promise<void> {
  if (t.config.database.kind === 'postgres') return check();
  const started = Date.now();
  await vi.waitFor(check, { timeout: SEEN_WITHIN_MS, interval: 10 });
  expect(Date.now() - started).toBeLessThan(SEEN_WITHIN_MS);
}

describe('read cache: changes made elsewhere are never hidden (PostgreSQL: at once, by every node)', () => {
  it('a profile changed on another node shows on this one', async () => {
    const { client } = await t.signedInUser({ displayName: 'Before' });
    expect((await client.get('/api/v1/profile')).body.displayName).toBe('Before');
    expect((await client.get('/api/v1/profile')).body.displayName).toBe('Before');

    const patched = await onOther(client).patch('/api/v1/profile', { displayName: 'After' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await seenWithin(async () => expect((await client.get('/api/v1/profile')).body.displayName).toBe('After'));
  });

  it('a session ended on another node is refused on this one', async () => {
    const { client } = await t.signedInUser();
    expect((await client.get('/api/v1/profile')).status).toBe(200);
    expect((await onOther(client).post('/api/v1/auth/logout')).status).toBe(204);
    await seenWithin(async () => expectProblem(await client.get('/api/v1/profile'), 401, 'unauthenticated'));
  });

  it('a token revoked on another node is refused on this one', async () => {
    const { client } = await t.signedInUser();
    const { id, token } = await createToken(client, 'readonly');
    const api = tokenClient(t, token);
    expect((await api.get('/api/v1/profile')).status).toBe(200); // first use: recorded (a write)
    expect((await api.get('/api/v1/profile')).status).toBe(200); // now cached
    expect((await onOther(client).delete(`/api/v1/tokens/${id}`)).status).toBe(204);
    await seenWithin(async () => expectProblem(await api.get('/api/v1/profile'), 401, 'invalid_token'));
  });

  it('a user deleted by the CLI is signed out of the running server', async () => {
    const { user, client } = await t.signedInUser();
    expect((await client.get('/api/v1/profile')).status).toBe(200);
    const env = { USERHUB_DATA_DIR: t.dataDir, USERHUB_DATABASE_URL: t.config.database.kind === 'sqlite' ? `sqlite:${t.config.database.file}` : t.config.database.url };
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['user', 'delete', user.username], { env, readStdin: () => '' })).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
    await seenWithin(async () => expectProblem(await client.get('/api/v1/profile'), 401, 'unauthenticated'));
  });

  it('on this node, a change is seen by the very next request', async () => {
    const { client } = await t.signedInUser({ displayName: 'Here' });
    expect((await client.get('/api/v1/profile')).body.displayName).toBe('Here');
    expect((await client.patch('/api/v1/profile', { displayName: 'Now' })).status).toBe(200);
    expect((await client.get('/api/v1/profile')).body.displayName).toBe('Now');
    const cookie = client.cookie;
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
    client.cookie = cookie;
    expectProblem(await client.get('/api/v1/profile'), 401, 'unauthenticated');
  });
});
