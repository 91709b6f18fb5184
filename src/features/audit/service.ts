import type { AdminAuditRow, Db, Executor } from '../../db/schema.js';
import { type Clock, iso } from '../../lib/clock.js';
import { type CursorPosition, toPage } from '../../lib/cursor.js';
import { newId } from '../../lib/secrets.js';
import type { AuditTarget, AuditTargetKind, AuditType } from './audit-types.js';
import type { AuditBy } from './by.js';
import { type AuditFilter, insertAuditEntry, listAuditEntries } from './store.js';

export interface AuditEntryView {
  id: string;
  type: AuditType;
  actor: { id: string | null; username: string };
  target: AuditTarget;
  at: string;
  ip: string | null;
  changes: Record<string, unknown>;
}

function toView(row: AdminAuditRow): AuditEntryView {
  return {
    id: row.id,
    // written only by record() below, from the same lists
    type: row.type as AuditType,
    actor: { id: row.actor_id, username: row.actor_username },
    target: { kind: row.target_kind as AuditTargetKind, id: row.target_id, label: row.target_label },
    at: row.created_at,
    ip: row.ip,
    changes: JSON.parse(row.changes) as Record<string, unknown>,
  };
}

/** A field's old and new value, for `changes`; only the fields that differ. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(after)) {
    if (to === undefined) continue;
    const from = before[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from: from ?? null, to };
  }
  return changes;
}

/**
 * The admin audit: what administrators (and the command line, the directory sync, a user's own
 * lockdown) changed. `record` takes the change's transaction, so an entry exists exactly when the
 * change does.
 */
export class AuditService {
  private sequence = 0;

  constructor(private readonly options: { db: Db; clock: Clock }) {}

  /** Ids sort in recording order within a timestamp (as security events do): newest first stays exact. */
  private entryId(): string {
    this.sequence += 1;
    return `${this.sequence.toString(36).padStart(8, '0')}${newId()}`;
  }

  async record(ex: Executor, by: AuditBy, type: AuditType, target: AuditTarget, changes: Record<string, unknown> = {}): Promise<void> {
    await insertAuditEntry(ex, {
      id: this.entryId(),
      type,
      actor_id: by.actor.id,
      actor_username: by.actor.username,
      target_kind: target.kind,
      target_id: target.id,
      target_label: target.label,
      created_at: iso(this.options.clock.now()),
      ip: by.client?.ip ?? null,
      user_agent: by.client?.userAgent ?? null,
      changes: JSON.stringify(changes),
    });
  }

  async list(filter: AuditFilter, limit: number, before: CursorPosition | null) {
    return toPage(await listAuditEntries(this.options.db, filter, limit, before), limit, toView);
  }
}
