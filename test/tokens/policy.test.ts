import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { issueToken, tokenClient } from '../helpers/tokens.js';

/** Issue 18.4: the token form says the lifetime cap and offers no later expiry (GET /tokens/policy). */
let t: TestApp;
let admin: TestClient;

const PATH = '/api/v1/tokens/policy';
const DAY = 86_400_000;

beforeAll(async () => {
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
});
afterAll(async () => t.close());

describe('GET /api/v1/tokens/policy', () => {
  it('given no cap, then both fields are null', async () => {
    const { client } = await t.signedInUser();
    const res = await client.get(PATH);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ maxLifetimeDays: null, latestExpiresAt: null });
  });

  it('given a cap of 30 days, then the cap and the latest expiry accepted now: a token expiring then is created, one a minute later is refused', async () => {
    expect((await admin.patch('/api/v1/admin/settings', { maxTokenLifetimeDays: 30 })).status).toBe(200);
    try {
      const { client } = await t.signedInUser();
      const before = t.clock.now().getTime();
      const res = await client.get(PATH);
      const after = t.clock.now().getTime();
      expect(res.status).toBe(200);
      expect(res.body.maxLifetimeDays).toBe(30);
      const latestMs = Date.parse(res.body.latestExpiresAt);
      expect(latestMs).toBeGreaterThanOrEqual(before + 30 * DAY);
      expect(latestMs).toBeLessThanOrEqual(after + 30 * DAY);

      const latest = res.body.latestExpiresAt as string;
      const ok = await client.post('/api/v1/tokens', { name: 'longest', scope: 'readonly', expiresAt: latest });
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      expect(ok.body.expiresAt).toBe(latest);
      const later = new Date(Date.parse(latest) + 60_000).toISOString();
      expectProblem(await client.post('/api/v1/tokens', { name: 'too long', scope: 'readonly', expiresAt: later }), 422, 'token_lifetime_too_long');
    } finally {
      await admin.patch('/api/v1/admin/settings', { maxTokenLifetimeDays: null });
    }
  });

  it('given no session, then 401 unauthenticated', async () => {
    expectProblem(await t.anonymous().get(PATH), 401, 'unauthenticated');
  });

  it('given an API token, then 403 interactive_session_required, as for the token list', async () => {
    const { user } = await t.signedInUser();
    expectProblem(await tokenClient(t, await issueToken(t, user.id)).get(PATH), 403, 'interactive_session_required');
  });

  it('is not taken for a token id: DELETE /tokens/policy is 404 token_not_found', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.delete(PATH), 404, 'token_not_found');
  });
});
