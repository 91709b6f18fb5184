import type { Db, Executor, SecurityEventRow } from '../../db/schema.js';
import type { ClientInfo } from '../../http/client-info.js';
import { type Clock, iso } from '../../lib/clock.js';
import { type CursorPosition, toPage } from '../../lib/cursor.js';
import { newId } from '../../lib/secrets.js';
import { describeUserAgent } from '../../lib/user-agent.js';
import type { EventType } from './event-types.js';
import { findNewestEventByUserId, insertEvent, listEventsByUserId, updateEventById } from './store.js';
import { EVENT_KINDS, type EventKind } from './event-types.js';

/** Preference changes this close together are one entry of the timeline. */
export const PREFERENCE_RUN_MS = 60_000;

export interface SecurityEventView {
  id: string;
  type: string;
  createdAt: string;
  ip: string | null;
  browser: string | null;
  os: string | null;
  actor: EventActor;
  details: Record<string, unknown>;
}

/**
 * Who did it: the user themselves, an administrator (by username), the system (the command line)
 * or the directory sync. Services that act for someone else put `by` in the details
 * (`activityByOf` in users/admin-service.ts); no `by` means the user did it.
 */
export interface EventActor {
  kind: 'self' | 'admin' | 'system' | 'directory';
  username: string | null;
}

export function actorOf(details: Record<string, unknown>): EventActor {
  const by = details.by;
  if (by === undefined) return { kind: 'self', username: null };
  if (by === 'directory') return { kind: 'directory', username: null };
  if (typeof by === 'string' && by !== 'system') return { kind: 'admin', username: by };
  return { kind: 'system', username: null };
}

function toView(row: SecurityEventRow): SecurityEventView {
  const { browser, os } = describeUserAgent(row.user_agent);
  const details = JSON.parse(row.details) as Record<string, unknown>;
  return {
    id: row.id,
    type: row.type,
    createdAt: row.created_at,
    ip: row.ip,
    browser,
    os,
    actor: actorOf(details),
    details,
  };
}

export interface ActivityServiceOptions {
  db: Db;
  clock: Clock;
}

/** The activity (the security timeline of each user). `record` takes the caller's transaction so the event lands with the change. */
export class ActivityService {
  private sequence = 0;

  private readonly db: Db;
  private readonly clock: Clock;

  constructor(options: ActivityServiceOptions) {
    this.db = options.db;
    this.clock = options.clock;
  }

  /**
   * Event ids sort in the order this process recorded them (a fixed-width base-36 counter, then
   * random bits), so events of one transaction, which share a timestamp, still list newest first.
   */
  private eventId(): string {
    this.sequence += 1;
    return `${this.sequence.toString(36).padStart(8, '0')}${newId()}`;
  }

  async record(
    ex: Executor,
    userId: string,
    type: EventType,
    client: ClientInfo | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await insertEvent(ex, {
      id: this.eventId(),
      userId,
      type,
      createdAt: iso(this.clock.now()),
      ip: client?.ip ?? null,
      userAgent: client?.userAgent ?? null,
      details,
    });
  }

  /**
   * The user changed their own profile fields: a run of such changes from the same address within
   * a minute is one entry (its fields joined, `changes` counting them), not one line per click.
   * `ex` holds the user's row lock (ProfileService.update), so two changes cannot both extend it.
   */
  async recordProfileChange(ex: Executor, userId: string, client: ClientInfo | null, fields: string[]): Promise<void> {
    const now = this.clock.now();
    const newest = await findNewestEventByUserId(ex, userId);
    if (newest && newest.type === 'profile_updated' && newest.ip === (client?.ip ?? null) && now.getTime() - Date.parse(newest.created_at) < PREFERENCE_RUN_MS) {
      const details = JSON.parse(newest.details) as { fields?: unknown; by?: unknown; changes?: unknown };
      if (details.by === undefined && Array.isArray(details.fields)) {
        const merged = [...new Set([...(details.fields as string[]), ...fields])];
        await updateEventById(ex, newest.id, iso(now), { ...details, fields: merged, changes: (typeof details.changes === 'number' ? details.changes : 1) + 1 });
        return;
      }
    }
    await this.record(ex, userId, 'profile_updated', client, { fields });
  }

  async list(userId: string, limit: number, before: CursorPosition | null, kind: EventKind | null = null) {
    const rows = await listEventsByUserId(this.db, userId, limit, before, kind ? EVENT_KINDS[kind] : null);
    return toPage(rows, limit, toView);
  }
}
