import type { ReadCache } from '../../db/read-cache.js';
import type { UserJoin } from '../../db/user-join.js';
import { pickUserRow } from '../../db/user-row.js';
import type { ApiTokenRow, Db, Executor, UserRow } from '../../db/schema.js';
import type { TokenIdentity } from '../../http/authenticate.js';
import type { ClientInfo } from '../../http/client-info.js';
import { badRequest, checkFields, notFound, unauthorized, unprocessable } from '../../http/problem.js';
import { type Clock, addMs, iso, isoNow } from '../../lib/clock.js';
import { type CursorPosition, toPage } from '../../lib/cursor.js';
import { newId, sha256Hex } from '../../lib/secrets.js';
import { API_TOKEN_PREFIX, displayPrefix, generateSecret, isWellFormedSecret, secretLength } from '../../lib/token-format.js';
import type { MailService } from '../../mail/service.js';
import type { ActivityService } from '../activity/service.js';
import { invalidName, isValidName } from '../users/rules.js';
import * as store from './store.js';
import type { UserService } from '../users/service.js';

export type TokenScope = TokenIdentity['scope'];
type TokenWithUser = NonNullable<Awaited<ReturnType<typeof store.findTokenWithUserByHash>>>['row'];

/** A token and its user as every token-authenticated request needs them, times parsed once (it may be cached). */
export interface TokenLookup {
  user: UserRow;
  token: TokenIdentity;
  name: string;
  expiresAtMs: number | null;
  lastUsedAtMs: number | null;
}

function toLookup(row: TokenWithUser): TokenLookup {
  return {
    user: Object.freeze(pickUserRow(row)),
    token: Object.freeze({ id: row.token_id, scope: row.token_scope }),
    name: row.token_name,
    expiresAtMs: row.token_expires_at === null ? null : Date.parse(row.token_expires_at),
    lastUsedAtMs: row.token_last_used_at === null ? null : Date.parse(row.token_last_used_at),
  };
}

/** lastUsedAt/lastUsedIp are written at most once a minute per token, never on every request. */
export const TOUCH_INTERVAL_MS = 60_000;
const TOKEN_LENGTH = secretLength(API_TOKEN_PREFIX);
/** A user keeps at most this many tokens; revoke old ones to make room. */
export const MAX_TOKENS_PER_USER = 100;
const DAY_MS = 86_400_000;

export interface NewToken {
  name: string;
  scope: TokenScope;
  /** ISO 8601; omitted: no expiry (or the admin cap, when one is set) */
  expiresAt?: string;
}

export function tokenView(row: ApiTokenRow, now: string) {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    prefix: row.prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    expired: row.expires_at !== null && row.expires_at <= now,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
  };
}

export interface TokenServiceOptions {
  users: Pick<UserService, 'lockRow'>;
  db: Db;
  clock: Clock;
  activity: ActivityService;
  mail: MailService;
  /** the admin settings (cached) */
  settings: { current(): Promise<{ maxTokenLifetimeDays: number | null }> };
  /** null: no read cache (PostgreSQL) */
  lookups: ReadCache<TokenLookup> | null;
}

/** API tokens: creation (shown once), listing, revocation, and resolving `Bearer uh_…` on each request. */
export class TokenService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly activity: ActivityService;
  private readonly mail: MailService;
  private readonly settings: { current(): Promise<{ maxTokenLifetimeDays: number | null }> };
  private readonly lookups: ReadCache<TokenLookup> | null;
  private readonly users: Pick<UserService, 'lockRow'>;

  constructor(options: TokenServiceOptions) {
    this.users = options.users;
    this.db = options.db;
    this.clock = options.clock;
    this.activity = options.activity;
    this.mail = options.mail;
    this.settings = options.settings;
    this.lookups = options.lookups;
  }

  /** The admin cap on a token's lifetime in days, or null for none (validated by the settings feature). */
  async maxLifetimeDays(): Promise<number | null> {
    return (await this.settings.current()).maxTokenLifetimeDays;
  }

  /**
   * What the token form should offer: the cap, and the latest expiry `create` accepts now (also
   * what a token without `expiresAt` gets). Both null without a cap.
   */
  async policy(): Promise<{ maxLifetimeDays: number | null; latestExpiresAt: string | null }> {
    const capDays = await this.maxLifetimeDays();
    return { maxLifetimeDays: capDays, latestExpiresAt: capDays === null ? null : iso(addMs(this.clock.now(), capDays * DAY_MS)) };
  }


  /**
   * Creates a token and returns it once; only its SHA-256 is kept.
   * @throws 400 invalid_token_name | invalid_expiry, 422 token_lifetime_too_long | too_many_tokens
   */
  async create(userId: string, input: NewToken, client: ClientInfo) {
    const now = this.clock.now();
    const checked = checkFields({
      name: () => {
        const name = input.name.trim();
        if (!isValidName(name)) throw invalidName('invalid_token_name');
        return name;
      },
      expiresAt: () => {
        if (input.expiresAt === undefined) return null;
        const parsed = Date.parse(input.expiresAt);
        if (Number.isNaN(parsed)) throw badRequest('invalid_expiry', 'expiresAt is not a valid date-time.');
        if (parsed <= now.getTime()) throw badRequest('invalid_expiry', 'expiresAt must be in the future.');
        return iso(new Date(parsed));
      },
    });
    const name = checked.name;
    let expiresAt: string | null = checked.expiresAt;
    const capDays = await this.maxLifetimeDays();
    if (capDays !== null) {
      const latest = iso(addMs(now, capDays * DAY_MS));
      if (expiresAt === null) expiresAt = latest;
      else if (expiresAt > latest) {
        throw unprocessable('token_lifetime_too_long', `Tokens may live at most ${capDays} days here.`, { maxExpiresAt: latest }).forField('expiresAt');
      }
    }

    const token = generateSecret(API_TOKEN_PREFIX);
    const row: ApiTokenRow = {
      id: newId(),
      user_id: userId,
      name,
      scope: input.scope,
      token_hash: sha256Hex(token),
      prefix: displayPrefix(token, API_TOKEN_PREFIX),
      created_at: iso(now),
      expires_at: expiresAt,
      last_used_at: null,
      last_used_ip: null,
    };
    await this.db.transaction().execute(async (trx) => {
      // the user's row lock makes the cap's count and the insert one step (PostgreSQL)
      if (!(await this.users.lockRow(trx, userId))) throw unauthorized('unauthenticated', 'Sign in first.');
      if ((await store.countTokensByUserId(trx, userId)) >= MAX_TOKENS_PER_USER) {
        throw unprocessable('too_many_tokens', `You have ${MAX_TOKENS_PER_USER} tokens. Revoke one first.`);
      }
      await store.insertToken(trx, row);
      await this.activity.record(trx, userId, 'token_created', client, { tokenId: row.id, name, scope: row.scope, expiresAt });
    });
    await this.mail.notify(userId, 'token_created', { tokenName: name }, client);
    return { token, ...tokenView(row, iso(now)) };
  }

  async list(userId: string, limit: number, before: CursorPosition | null) {
    const now = iso(this.clock.now());
    const rows = await store.listTokensByUserId(this.db, userId, limit, before);
    return toPage(rows, limit, (row) => tokenView(row, now));
  }

  /** Deletes the token; the very next request with it is refused. @throws 404 token_not_found */
  async revoke(userId: string, id: string, client: ClientInfo): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const deleted = await store.deleteTokenByIdAndUserId(trx, id, userId);
      if (!deleted) throw notFound('token_not_found', 'No such token.');
      await this.activity.record(trx, userId, 'token_revoked', client, { tokenId: deleted.id, name: deleted.name });
    });
  }

  /**
   * Revokes every token of the user inside `trx` (a clean slate), each in their activity with
   * `reason`. Returns how many.
   */
  async revokeAllForUser(trx: Executor, userId: string, client: ClientInfo, reason: string): Promise<number> {
    const deleted = await store.deleteTokensByUserId(trx, userId);
    for (const row of deleted) await this.activity.record(trx, userId, 'token_revoked', client, { tokenId: row.id, name: row.name, reason });
    return deleted.length;
  }

  /**
   * The user and token behind a presented token, or null when it is malformed (checked before
   * any database work; the checksum only when the read cache does not know the token), unknown
   * (revoked), expired or its user is disabled. The row may come from the read cache, which
   * drops it at any committed write (SQLite only; see src/db/README.md), so a revocation counts
   * at once. Records the use at most once a minute (`client` is asked only then); the first use
   * also lands on the user's activity.
   */
  async authenticate(
    presented: string,
    client: () => ClientInfo,
    join?: UserJoin<unknown>,
  ): Promise<{ user: UserRow; token: TokenIdentity; joined?: unknown } | null> {
    if (presented.length !== TOKEN_LENGTH) return null;
    const hash = sha256Hex(presented);
    if (!this.lookups && join) {
      // no cache (PostgreSQL): the token, its user and the route's join in one statement
      if (!isWellFormedSecret(presented, API_TOKEN_PREFIX)) return null;
      const found = await store.findTokenWithUserByHash(this.db, hash, { join, now: isoNow(this.clock) });
      const admitted = found ? await this.admit(toLookup(found.row), client) : null;
      return admitted && { ...admitted, joined: found?.joined };
    }
    // a cached entry was loaded by this very hash: the presented token is a real one, so its
    // checksum needs no second look
    let found = this.lookups?.peek(hash);
    if (!found) {
      if (!isWellFormedSecret(presented, API_TOKEN_PREFIX)) return null;
      found = await this.lookup(hash);
    }
    return found ? await this.admit(found, client) : null;
  }

  /** The token when it is still good, its use recorded when due. */
  private async admit(found: TokenLookup, client: () => ClientInfo): Promise<TokenLookup | null> {
    if (found.user.disabled === 1 || found.user.password_reset_required === 1) return null;
    const now = this.clock.nowMs();
    if (found.expiresAtMs !== null && found.expiresAtMs <= now) return null;
    if (found.lastUsedAtMs === null || now - found.lastUsedAtMs >= TOUCH_INTERVAL_MS) await this.recordUse(found, now, client());
    return found;
  }

  private async recordUse(found: TokenLookup, now: number, client: ClientInfo): Promise<void> {
    const { user, token } = found;
    if (found.lastUsedAtMs === null) {
      const nowIso = iso(new Date(now));
      await this.db.transaction().execute(async (trx) => {
        if (await store.touchTokenFirstUse(trx, token.id, nowIso, client.ip)) {
          await this.activity.record(trx, user.id, 'token_first_used', client, { tokenId: token.id, name: found.name });
        }
      });
    } else {
      await store.touchTokenIfStale(this.db, token.id, iso(new Date(now)), client.ip, iso(new Date(now - TOUCH_INTERVAL_MS)));
    }
  }

  private lookup(hash: string): Promise<TokenLookup | undefined> {
    const load = async () => {
      const found = await store.findTokenWithUserByHash(this.db, hash);
      return found && toLookup(found.row);
    };
    return this.lookups ? this.lookups.get(hash, load) : load();
  }
}
