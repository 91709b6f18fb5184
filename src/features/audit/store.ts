import { afterCursor } from '../../db/keyset.js';
import type { AdminAuditRow, Executor } from '../../db/schema.js';
import type { CursorPosition } from '../../lib/cursor.js';

export async function insertAuditEntry(ex: Executor, row: AdminAuditRow): Promise<void> {
  await ex.insertInto('admin_audit').values(row).execute();
}

export interface AuditFilter {
  actorId: string | null;
  targetId: string | null;
  type: string | null;
}

/** Newest first, keyset-paginated; each filter narrows on an indexed (column, created_at, id). */
export function listAuditEntries(ex: Executor, filter: AuditFilter, limit: number, before: CursorPosition | null) {
  let query = ex.selectFrom('admin_audit').selectAll();
  if (filter.actorId !== null) query = query.where('actor_id', '=', filter.actorId);
  if (filter.targetId !== null) query = query.where('target_id', '=', filter.targetId);
  if (filter.type !== null) query = query.where('type', '=', filter.type);
  if (before) query = query.where((eb) => afterCursor(eb, 'created_at', 'id', 'desc', before));
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
}
