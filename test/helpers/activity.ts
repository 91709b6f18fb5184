import { expect } from 'vitest';
import type { TestApp } from './app.js';
import type { TestClient } from './client.js';

/** The security timeline, as the user reads it (newest first, up to 100). */
export async function allEvents(client: TestClient): Promise<any[]> {
  const res = await client.get('/api/v1/profile/events?limit=100');
  expect(res.status).toBe(200);
  return res.body.items;
}

export async function eventTypes(client: TestClient): Promise<string[]> {
  return (await allEvents(client)).map((e: { type: string }) => e.type);
}

/** The stored events of one type for a user, oldest first (details as stored: JSON text). */
export async function eventsOf(t: TestApp, userId: string, type: string) {
  return t.app.userhub.database.db
    .selectFrom('security_events')
    .selectAll()
    .where('user_id', '=', userId)
    .where('type', '=', type)
    .orderBy('created_at', 'asc')
    .execute();
}
