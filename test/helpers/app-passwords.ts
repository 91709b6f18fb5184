import { expect } from 'vitest';
import { TEST_ORIGIN, type TestApp } from './app.js';
import { TestClient } from './client.js';
import { SYSTEM_BY } from '../../src/features/audit/by.js';

/** Registered apps and the app passwords users make for them. */

export async function registerApp(t: TestApp, name = 'Mail'): Promise<{ id: string; secret: string; name: string }> {
  const { app, secret } = await t.app.userhub.services.apps.create({ name }, SYSTEM_BY);
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
