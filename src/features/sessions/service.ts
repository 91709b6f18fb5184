import type { Config } from '../../config.js';
import type { Db, Executor, SessionRow, UserRow } from '../../db/schema.js';
import type { ReadCache } from '../../db/read-cache.js';
import type { UserJoin } from '../../db/user-join.js';
import { pickUserRow } from '../../db/user-row.js';
import type { ActiveSession, SessionResolver } from '../../http/authenticate.js';
import type { ClientInfo } from '../../http/client-info.js';
import { notFound } from '../../http/problem.js';
import { type Clock, addMs, iso, isoNow } from '../../lib/clock.js';
import { type CursorPosition, encodeCursor, toPage } from '../../lib/cursor.js';
import { newId, randomToken, sha256Hex } from '../../lib/secrets.js';
import { describeUserAgent } from '../../lib/user-agent.js';
import type { ActivityService } from '../activity/service.js';
import * as store from './store.js';

/** How the session was opened; shown in the sessions view. */
export type SignInMethod = 'password' | 'password+totp' | 'password+recovery_code' | 'password+passkey' | 'passkey' | 'password_reset';

export type EndReason =
  | 'logout'
  | 'revoked'
  | 'expired'
  | 'password_changed'
  | 'twofactor_reset'
  | 'user_disabled'
  | 'account_deleted'
  | 'email_change_undone'
  | 'password_reset'
  | 'passkey_deleted'
  | 'lockdown'
  | 'ended_by_admin';

/** Told about every sign-in, inside its transaction, before the new session row exists. */
export interface SignInObserver {
  beforeSessionStart(ex: Executor, userId: string, method: SignInMethod, client: ClientInfo): Promise<void>;
}

type SessionWithUser = NonNullable<Awaited<ReturnType<typeof store.findSessionWithUserByTokenHash>>>['row'];

/** A session and its user as every request needs them, times parsed once (it may be cached). */
export interface SessionLookup {
  user: UserRow;
  session: ActiveSession;
  ended: boolean;
  expiresAtMs: number;
  lastSeenAtMs: number;
}

function toLookup(row: SessionWithUser): SessionLookup {
  return {
    user: Object.freeze(pickUserRow(row)),
    session: Object.freeze({ id: row.session_id, createdAt: row.session_created_at, method: row.session_method, reauthenticatedAt: row.session_reauthenticated_at }),
    ended: row.session_ended_at !== null,
    expiresAtMs: Date.parse(row.session_expires_at),
    lastSeenAtMs: Date.parse(row.session_last_seen_at),
  };
}

/** A cursor before every session (newest first): the page after a first page that held only the current session. */
const FROM_THE_TOP: CursorPosition = { createdAt: '9999-12-31T23:59:59.999Z', id: '' };

/** Last-seen is written at most once a minute per session, never on every request. */
const TOUCH_INTERVAL_MS = 60_000;

function sessionView(row: SessionRow, currentId: string | null) {
  const { browser, os, device } = describeUserAgent(row.user_agent);
  return {
    id: row.id,
    current: row.id === currentId,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    endedAt: row.ended_at,
    endReason: row.end_reason,
    ip: row.ip,
    userAgent: row.user_agent,
    browser,
    os,
    device,
    method: row.method,
  };
}

export interface SessionServiceOptions {
  db: Db;
  clock: Clock;
  limits: Config['session'];
  activity: ActivityService;
  signInObserver: SignInObserver;
  /** the user's "last sign-in" (the admin users table) moves with each new session */
  users: { recordSignIn(ex: Executor, userId: string, at: string): Promise<void> };
  /** null: no read cache (PostgreSQL) */
  lookups: ReadCache<SessionLookup> | null;
}

/** Cookie sessions: opening, resolving on each request, ending, listing. */
export class SessionService implements SessionResolver {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly limits: Config['session'];
  private readonly activity: ActivityService;
  private readonly signInObserver: SignInObserver;
  private readonly users: SessionServiceOptions['users'];
  private readonly lookups: ReadCache<SessionLookup> | null;
  private readonly endedListeners: ((userId: string) => void)[] = [];

  constructor(options: SessionServiceOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.limits = options.limits;
    this.activity = options.activity;
    this.signInObserver = options.signInObserver;
    this.users = options.users;
    this.lookups = options.lookups;
  }

  /** Opens a session inside the caller's transaction. The token is returned once, stored only hashed. */
  async start(
    ex: Executor,
    userId: string,
    method: SignInMethod,
    client: ClientInfo,
    options: { passkeyId?: string } = {},
  ): Promise<{ token: string; id: string; maxAgeSeconds: number }> {
    await this.signInObserver.beforeSessionStart(ex, userId, method, client);
    const token = randomToken(32);
    const now = this.clock.now();
    const id = newId();
    await store.insertSession(ex, {
      id,
      token_hash: sha256Hex(token),
      user_id: userId,
      created_at: iso(now),
      last_seen_at: iso(now),
      expires_at: iso(addMs(now, this.limits.absoluteLifetimeMs)),
      ended_at: null,
      end_reason: null,
      ip: client.ip,
      user_agent: client.userAgent,
      method,
      reauthenticated_at: iso(now),
      passkey_id: options.passkeyId ?? null,
    });
    await this.users.recordSignIn(ex, userId, iso(now));
    return { token, id, maxAgeSeconds: Math.floor(this.limits.absoluteLifetimeMs / 1000) };
  }

  /**
   * The user and session behind a cookie value, or null when it is unknown, ended, expired
   * (idle or absolute) or its user is disabled. The lookup may come from the read cache, which
   * drops it at any committed write (SQLite only; see src/db/README.md): a revoked session is
   * refused at once. Last-seen is written at most once a minute.
   */
  async resolve(token: string, join?: UserJoin<unknown>): Promise<{ user: UserRow; session: ActiveSession; joined?: unknown } | null> {
    if (token.length < 16 || token.length > 128) return null;
    const hash = sha256Hex(token);
    if (!this.lookups && join) {
      // no cache (PostgreSQL): the session, its user and the route's join in one statement
      const found = await store.findSessionWithUserByTokenHash(this.db, hash, { join, now: isoNow(this.clock) });
      const admitted = found ? await this.admit(toLookup(found.row)) : null;
      return admitted && { ...admitted, joined: found?.joined };
    }
    const found = this.lookups?.peek(hash) ?? (await this.lookup(hash));
    return found ? await this.admit(found) : null;
  }

  /** The session when it is still good; ends it when it is no longer (its user disabled, or expired). */
  private async admit(found: SessionLookup): Promise<SessionLookup | null> {
    if (found.ended) return null;
    const now = this.clock.nowMs();
    if (found.user.disabled === 1 || found.user.password_reset_required === 1) {
      // a locked-down user's session is one that started while the lockdown ran (it ended the others)
      const reason = found.user.disabled === 1 ? 'user_disabled' : 'lockdown';
      await store.endActiveByIdAndUserId(this.db, found.session.id, found.user.id, reason, iso(new Date(now)));
      this.ended(found.user.id);
      return null;
    }
    if (found.expiresAtMs <= now || found.lastSeenAtMs <= now - this.limits.idleTimeoutMs) {
      await store.endActiveByIdAndUserId(this.db, found.session.id, found.user.id, 'expired', iso(new Date(now)));
      this.ended(found.user.id);
      return null;
    }
    if (now - found.lastSeenAtMs >= TOUCH_INTERVAL_MS) await store.touchSession(this.db, found.session.id, iso(new Date(now)));
    return found;
  }

  private lookup(hash: string): Promise<SessionLookup | undefined> {
    const load = async () => {
      const found = await store.findSessionWithUserByTokenHash(this.db, hash);
      return found && toLookup(found.row);
    };
    return this.lookups ? this.lookups.get(hash, load) : load();
  }

  async endByToken(token: string, reason: EndReason): Promise<void> {
    const ended = await this.db
      .updateTable('sessions')
      .set({ ended_at: iso(this.clock.now()), end_reason: reason })
      .where('token_hash', '=', sha256Hex(token))
      .where('ended_at', 'is', null)
      .returning('user_id')
      .executeTakeFirst();
    if (ended) this.ended(ended.user_id);
  }

  /**
   * Listens for ended sessions (single sign-on ends the apps' sessions signed in through them).
   * Told after the change, and once more a second later for changes made inside a caller's
   * transaction that may not have committed yet; housekeeping catches anything else.
   */
  onEnded(listener: (userId: string) => void): void {
    this.endedListeners.push(listener);
  }

  private ended(userId: string): void {
    for (const listener of this.endedListeners) {
      setTimeout(() => listener(userId), 20).unref();
      setTimeout(() => listener(userId), 1_000).unref();
    }
  }

  /** Ends every active session of the user but `exceptId`, in the caller's transaction. */
  async endAllForUser(ex: Executor, userId: string, reason: EndReason, exceptId: string | null = null): Promise<number> {
    const count = await store.endActiveByUserId(ex, userId, reason, iso(this.clock.now()), exceptId);
    this.ended(userId);
    return count;
  }

  /** Ends one active session of the user in the caller's transaction; false: none such (ended, someone else's). */
  async endOneForUser(ex: Executor, userId: string, id: string, reason: EndReason): Promise<boolean> {
    const ended = await store.endActiveByIdAndUserId(ex, id, userId, reason, iso(this.clock.now()));
    if (ended) this.ended(userId);
    return ended;
  }

  /** Whether the session is still open (not ended), read in `ex`. */
  async isActive(ex: Executor, id: string): Promise<boolean> {
    return (await store.findOpenSessionById(ex, id)) !== undefined;
  }

  /** Ends the user's active sessions signed in with this passkey, but `exceptId`, in the caller's transaction. */
  async endSignedInWithPasskey(ex: Executor, userId: string, passkeyId: string, exceptId: string | null): Promise<number> {
    const count = await store.endActiveByPasskey(ex, userId, passkeyId, 'passkey_deleted', iso(this.clock.now()), exceptId);
    if (count > 0) this.ended(userId);
    return count;
  }

  async markReauthenticated(sessionId: string, ex: Executor = this.db): Promise<void> {
    await store.markReauthenticated(ex, sessionId, iso(this.clock.now()));
  }

  /**
   * The user's sessions, newest first. Stale ones are marked expired first; ended ones older
   * than the history window are not shown even before housekeeping deletes them.
   */
  async list(userId: string, currentId: string | null, state: store.SessionState, limit: number, before: CursorPosition | null) {
    const now = this.clock.now();
    await store.expireStale(this.db, iso(now), iso(addMs(now, -this.limits.idleTimeoutMs)), userId);
    const historyCutoff = iso(addMs(now, -this.limits.historyRetentionMs));
    // The caller's own session comes first, on the first page ("this device" on top, as GitHub
    // and Google list it); the keyset pages hold the others.
    const pinned = state === 'ended' ? null : currentId;
    const current = pinned && !before ? await store.findActiveSessionOfUser(this.db, pinned, userId) : undefined;
    const room = current ? limit - 1 : limit;
    const rows = await store.listSessionsByUserId(this.db, userId, state, room, before, historyCutoff, pinned);
    const view = (row: SessionRow) => sessionView(row, currentId);
    // a first page of one (`limit=1`) holds only the current session; the next starts at the top
    const others = room > 0 ? toPage(rows, room, view) : { items: [], nextCursor: rows.length > 0 ? encodeCursor(FROM_THE_TOP) : null };
    return current ? { items: [view(current), ...others.items], nextCursor: others.nextCursor } : others;
  }

  /** @throws 404 session_not_found when missing, someone else's, or already ended. */
  async revoke(userId: string, id: string, client: ClientInfo): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const ended = await store.endActiveByIdAndUserId(trx, id, userId, 'revoked', iso(this.clock.now()));
      if (!ended) throw notFound('session_not_found', 'No such active session.');
      await this.activity.record(trx, userId, 'session_revoked', client, { sessionId: id });
    });
    this.ended(userId);
  }

  /** Ends all of the user's sessions but the current one; returns how many ended. */
  async revokeOthers(userId: string, currentId: string | null, client: ClientInfo): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const count = await store.endActiveByUserId(trx, userId, 'revoked', iso(this.clock.now()), currentId);
      if (count > 0) await this.activity.record(trx, userId, 'session_revoked', client, { count });
      return count;
    }).then((count) => {
      if (count > 0) this.ended(userId);
      return count;
    });
  }

  /** Housekeeping: end sessions of disabled users, expire stale ones, forget ended ones past the history window. */
  async sweep(): Promise<void> {
    const now = this.clock.now();
    await store.endActiveOfDisabledUsers(this.db, iso(now));
    await store.expireStale(this.db, iso(now), iso(addMs(now, -this.limits.idleTimeoutMs)), null);
    await store.deleteEndedBefore(this.db, iso(addMs(now, -this.limits.historyRetentionMs)));
  }
}
