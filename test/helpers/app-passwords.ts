import { expect } from 'vitest';
import { TestClient } from './client.js';
import { TEST_ORIGIN, type TestApp } from './app.js';

/** Helpers for API tokens, registered apps and app passwords. */

export async function createToken(
  client: TestClient,
  scope: 'readonly' | 'readwrite' = 'readwrite',
  extra: { name?: string; expiresAt?: string } = {},
): Promise<{ id: string; token: string }> {
  const res = await client.post('/api/v1/tokens', { name: extra.name ?? `${scope} token`, scope, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, token: res.body.token };
}

/** A client that authenticates with the token only, like a script: no cookie, no Origin. */
export function tokenClient(t: TestApp, token: string): TestClient {
  const client = new TestClient(t.app, TEST_ORIGIN);
  client.bearer = token;
  return client;
}

export async function registerApp(t: TestApp, name = 'Mail'): Promise<{ id: string; secret: string; name: string }> {
  const { app, secret } = await t.app.userhub.services.apps.create({ name });
  return { id: app.id, secret, name: app.name };
}

export async function createAppPassword(client: TestClient, appId: string, name = 'Thunderbird on the laptop'): Promise<{ id: string; password: string }> {
  const res = await client.post('/api/v1/app-passwords', { name, appId });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, password: res.body.password };
}

/** What an app does to verify a user: its own secret as Bearer, the user's credentials in the body. */
export function appAuthenticate(t: TestApp, appId: string, secret: string | null, username: string, password: string) {
  const client = new TestClient(t.app, TEST_ORIGIN);
  return client.post(
    `/api/v1/apps/${encodeURIComponent(appId)}/authenticate`,
    { username, password },
    { noOrigin: true, headers: secret === null ? {} : { authorization: `Bearer ${secret}` } },
  );
}

/** Gives the user a confirmed TOTP credential directly in the database (the TOTP API lives elsewhere). */
export async function giveSecondFactor(t: TestApp, userId: string): Promise<void> {
  const now = t.clock.now().toISOString();
  await t.app.userhub.database.db
    .insertInto('totp_credentials')
    .values({ user_id: userId, secret_ciphertext: 'not-used-here', confirmed_at: now, last_used_step: 0, created_at: now })
    .execute();
}

export async function eventsOf(t: TestApp, userId: string, type: string) {
  return t.app.userhub.database.db
    .selectFrom('security_events')
    .selectAll()
    .where('user_id', '=', userId)
    .where('type', '=', type)
    .orderBy('created_at', 'asc')
    .execute();
}
