import { afterCursor } from '../../db/keyset.js';
import type { Executor } from '../../db/schema.js';
import type { CursorPosition } from '../../lib/cursor.js';

export interface NewEvent {
  id: string;
  userId: string;
  type: string;
  createdAt: string;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

export async function insertEvent(ex: Executor, event: NewEvent): Promise<void> {
  await ex
    .insertInto('security_events')
    .values({
      id: event.id,
      user_id: event.userId,
      type: event.type,
      created_at: event.createdAt,
      ip: event.ip,
      user_agent: event.userAgent,
      details: JSON.stringify(event.details),
    })
    .execute();
}

/** The user's newest event (to fold a run of preference changes into it). */
export function findNewestEventByUserId(ex: Executor, userId: string) {
  return ex.selectFrom('security_events').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function updateEventById(ex: Executor, id: string, createdAt: string, details: Record<string, unknown>): Promise<void> {
  await ex.updateTable('security_events').set({ created_at: createdAt, details: JSON.stringify(details) }).where('id', '=', id).execute();
}

/** Newest first, keyset-paginated, only this user's events (of these types, when given). */
export function listEventsByUserId(ex: Executor, userId: string, limit: number, before: CursorPosition | null, types: readonly string[] | null = null) {
  let query = ex.selectFrom('security_events').selectAll().where('user_id', '=', userId);
  if (types) query = query.where('type', 'in', types);
  if (before) {
    query = query.where((eb) => afterCursor(eb, 'created_at', 'id', 'desc', before));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
}
