import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { PROBE_INTERVAL_MS } from '../../src/db/change-epoch.js';
import { TEST_ORIGIN, type TestApp, setupApp } from '../helpers/app.js';
import { TestClient } from '../helpers/client.js';
import { TestClock } from '../helpers/clock.js';
import { createToken } from '../helpers/tokens.js';

// Two nodes on one database (PostgreSQL: two app instances; SQLite: a second connection to the
// file). A session or token ended on one node is refused by the other on its very next request:
// nothing that grants access is cached past another node's write (PostgreSQL reads the session
// or token on every request). SQLite is one node; its second connection stands for the CLI, whose
// commits its cache sees through data_version within PROBE_INTERVAL_MS.
let t: TestApp;
let other: FastifyInstance;
beforeAll(async () => {
  t = await setupApp();
  other = await buildApp(t.config, { clock: new TestClock(), logger: false });
});
afterAll(async () => {
  await other.close();
  await t.close();
});

/** PostgreSQL: the very next request; SQLite: within the data_version probe's interval. */
async function nextRead(check: () => Promise<void>): Promise<void> {
  if (t.config.database.kind === 'postgres') return check();
  await vi.waitFor(check, { timeout: PROBE_INTERVAL_MS * 4, interval: 5 });
}

/** A client on the other node holding `client`'s session cookie. */
function onOtherNode(client: TestClient): TestClient {
  const copy = new TestClient(other, TEST_ORIGIN);
  copy.cookie = client.cookie;
  return copy;
}

describe('revoked on one node, refused by the other on the next request', () => {
  it('a session ended on node A is refused on node B at once', async () => {
    const { user, client: onA } = await t.signedInUser();
    const elsewhere = await t.login(user);
    const onB = onOtherNode(elsewhere);
    for (let i = 0; i < 3; i++) expect((await onB.get('/api/v1/profile')).status).toBe(200); // warm whatever node B keeps
    const list = await onB.get('/api/v1/sessions');
    const id = (list.body.items as { id: string; current: boolean }[]).find((s) => s.current)?.id;
    expect(id).toBeTruthy();

    expect((await onA.delete(`/api/v1/sessions/${id}`)).status).toBe(204);
    await nextRead(async () => {
      const refused = await onB.get('/api/v1/profile');
      expect(refused.status).toBe(401);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    });
    expect((await onA.get('/api/v1/profile')).status).toBe(200); // node A's own session is untouched
  });

  it('an API token revoked on node A is refused on node B at once', async () => {
    const { client: onA } = await t.signedInUser();
    const { id, token } = await createToken(onA, 'readonly');
    const onB = new TestClient(other, TEST_ORIGIN);
    onB.bearer = token;
    for (let i = 0; i < 3; i++) expect((await onB.get('/api/v1/profile')).status).toBe(200);

    expect((await onA.delete(`/api/v1/tokens/${id}`)).status).toBe(204);
    await nextRead(async () => expect((await onB.get('/api/v1/profile')).status).toBe(401));
  });

  it("a profile change on node A shows in node B's very next read", async () => {
    const { user, client: onA } = await t.signedInUser({ displayName: 'Before' });
    const onB = onOtherNode(await t.login(user));
    for (let i = 0; i < 3; i++) expect((await onB.get('/api/v1/profile')).body.displayName).toBe('Before');

    expect((await onA.patch('/api/v1/profile', { displayName: 'After' })).status).toBe(200);
    await nextRead(async () => expect((await onB.get('/api/v1/profile')).body.displayName).toBe('After'));
  });
});
