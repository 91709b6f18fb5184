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

/** Newest first, keyset-paginated, only this user's events. */
export function listEventsByUserId(ex: Executor, userId: string, limit: number, before: CursorPosition | null) {
  let query = ex.selectFrom('security_events').selectAll().where('user_id', '=', userId);
  if (before) {
    query = query.where((eb) => afterCursor(eb, 'created_at', 'id', 'desc', before));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
}
