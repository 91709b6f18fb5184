import { expect } from 'vitest';
import type { TokenIdentity } from '../../src/http/authenticate.js';
import { TEST_ORIGIN, type TestApp } from './app.js';
import { TestClient } from './client.js';

/** API tokens: made through the API by a signed-in client, or issued for any user id. */

export async function createToken(
  client: TestClient,
  scope: 'readonly' | 'readwrite' = 'readwrite',
  extra: { name?: string; expiresAt?: string } = {},
): Promise<{ id: string; token: string }> {
  const res = await client.post('/api/v1/tokens', { name: extra.name ?? `${scope} token`, scope, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, token: res.body.token };
}

/**
 * Issues a real API token for `userId` through the tokens service (no session needed), so the
 * guards are tested with `Authorization: Bearer` exactly as scripts use it.
 */
export async function issueToken(t: TestApp, userId: string, scope: TokenIdentity['scope'] = 'readwrite'): Promise<string> {
  const created = await t.app.userhub.services.tokens.create(userId, { name: 'test token', scope }, { ip: '127.0.0.1', userAgent: 'test' });
  return created.token;
}

/** A client that authenticates with the token only, like a script: no cookie, no Origin. */
export function tokenClient(t: TestApp, token: string): TestClient {
  const client = new TestClient(t.app, TEST_ORIGIN);
  client.bearer = token;
  return client;
}
