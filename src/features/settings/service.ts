import type { Db, Executor, UserRow } from '../../db/schema.js';
import { type Clock } from '../../lib/clock.js';
import { type CursorPosition, toPage } from '../../lib/cursor.js';
import { type ChangeSignal, NO_OTHER_WRITERS } from '../../db/change-signal.js';
import { PASSWORD_DEFAULT_MIN_LENGTH } from '../auth/password-policy.js';
import type { ClientInfo } from '../../http/client-info.js';
import { type AuditBy, SYSTEM_BY, auditByUser } from '../audit/by.js';
import { type AuditService, diff } from '../audit/service.js';
import * as store from './store.js';

/** The instance-wide settings an administrator changes at `/api/v1/admin/settings`. */
export interface InstanceSettings {
  /** users can no longer change display name, primary email or recovery email */
  profilesLocked: boolean;
  /** avatars fall back to Gravatar (true) or generated initials (false) */
  gravatar: boolean;
  passwordPolicy: { minLength: number };
  /** cap on API token lifetime in days; null = no cap */
  maxTokenLifetimeDays: number | null;
  /** users without a second factor may only enrol TOTP until they have one */
  mandatoryTwoFactor: boolean;
}

export const DEFAULT_SETTINGS: InstanceSettings = {
  profilesLocked: false,
  // off on a new instance: nothing is loaded from a third party until an admin turns it on
  gravatar: false,
  passwordPolicy: { minLength: PASSWORD_DEFAULT_MIN_LENGTH },
  maxTokenLifetimeDays: null,
  mandatoryTwoFactor: false,
};

export const PASSWORD_MIN_LENGTH_RANGE = { minimum: PASSWORD_DEFAULT_MIN_LENGTH, maximum: 128 } as const;
export const TOKEN_LIFETIME_RANGE = { minimum: 1, maximum: 3650 } as const;

/**
 * The longest a node trusts its in-process copy of the settings table. Reads on hot paths (every
 * GET /profile, the mandatory-2FA gate) come from this copy; a change made by any node drops it
 * as the change signal moves (SQLite: the change epoch; PostgreSQL: a NOTIFY from the table's
 * trigger, and no copy at all while the listener is down). This age limit is the backstop.
 */
export const SETTINGS_CACHE_TTL_MS = 5_000;

const isInt = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** Typed settings from the raw rows; anything missing or malformed falls back to its default. */
function fromRaw(raw: Map<string, unknown>): InstanceSettings {
  const bool = (key: keyof InstanceSettings) => {
    const v = raw.get(key);
    return typeof v === 'boolean' ? v : (DEFAULT_SETTINGS[key] as boolean);
  };
  const policy = raw.get('passwordPolicy') as { minLength?: unknown } | undefined;
  const minLength = policy?.minLength;
  const lifetime = raw.get('maxTokenLifetimeDays');
  return {
    profilesLocked: bool('profilesLocked'),
    gravatar: bool('gravatar'),
    passwordPolicy: {
      minLength: isInt(minLength, PASSWORD_MIN_LENGTH_RANGE.minimum, PASSWORD_MIN_LENGTH_RANGE.maximum)
        ? minLength
        : DEFAULT_SETTINGS.passwordPolicy.minLength,
    },
    maxTokenLifetimeDays: isInt(lifetime, TOKEN_LIFETIME_RANGE.minimum, TOKEN_LIFETIME_RANGE.maximum) ? lifetime : null,
    mandatoryTwoFactor: bool('mandatoryTwoFactor'),
  };
}

export type SettingsPatch = Partial<InstanceSettings>;

/** The admin's view of the settings: the values plus what they mean for the users today. */
export interface AdminSettings extends InstanceSettings {
  /** active users that mandatory 2FA stops (now or once on) until they enrol */
  usersWithoutTwoFactor: number;
}

/** What the admin settings need from the mandatory-2FA rule (mandatory-twofactor.ts owns it). */
export interface TwoFactorCoverage {
  /** @throws 422 enrol_twofactor_first when turning the rule on would stop `actor` at once */
  assertMayRequire(actor: UserRow): Promise<void>;
  countUncovered(): Promise<number>;
  /** the users countUncovered counts, oldest first: limit + 1 rows at most */
  listUncovered(limit: number, after: CursorPosition | null): Promise<UncoveredUserRow[]>;
}

/** A user mandatory 2FA stops, as the coverage lists them. */
export interface UncoveredUserRow {
  id: string;
  username: string;
  display_name: string;
  email: string;
  source: UserRow['source'];
  created_at: string;
  last_sign_in_at: string | null;
}

export interface SettingsServiceOptions {
  db: Db;
  clock: Clock;
  /** where a change of the instance settings is recorded */
  audit: AuditService;
  ttlMs?: number;
  /** moves when any node changes the settings table (database.ts); default: this process is the only writer */
  changes?: ChangeSignal;
}

/**
 * The settings table (key → JSON value), read through a short in-process cache. Other features
 * keep their own keys here too (the directory keeps `directory`), through `read`/`write`.
 */
export class SettingsService {
  private cached: { loadedAt: number; version: number; values: Promise<Map<string, unknown>>; settings?: InstanceSettings } | null = null;
  private coverage: TwoFactorCoverage | null = null;

  private readonly db: Db;
  private readonly clock: Clock;
  private readonly audit: AuditService;
  private readonly ttlMs: number;
  private readonly changes: ChangeSignal;

  constructor(options: SettingsServiceOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.audit = options.audit;
    this.ttlMs = options.ttlMs ?? SETTINGS_CACHE_TTL_MS;
    this.changes = options.changes ?? NO_OTHER_WRITERS;
  }

  /** Whether the cached copy may be served: no change signalled since it was read, and young enough. */
  private fresh(entry: { loadedAt: number; version: number }): boolean {
    const now = this.clock.nowMs();
    return entry.version === this.changes.version() && now - entry.loadedAt < this.ttlMs && now >= entry.loadedAt;
  }

  private snapshot(): Promise<Map<string, unknown>> {
    if (this.cached && this.fresh(this.cached)) return this.cached.values;
    const now = this.clock.nowMs();
    // null: the signal cannot tell (PostgreSQL's listener is down): read, and keep nothing
    const version = this.changes.version() ?? Number.NaN;
    const values = store.listSettings(this.db).then((rows) => {
      const map = new Map<string, unknown>();
      for (const row of rows) {
        try {
          map.set(row.key, JSON.parse(row.value));
        } catch {
          // a hand-edited, broken value reads as absent (its default)
        }
      }
      return map;
    });
    const entry: NonNullable<typeof this.cached> = { loadedAt: now, version, values };
    this.cached = entry;
    values.then(
      (map) => {
        entry.settings = Object.freeze(fromRaw(map));
      },
      // a failed read is not remembered
      () => {
        if (this.cached === entry) this.cached = null;
      },
    );
    return values;
  }

  /**
   * The cached settings when they are loaded and fresh, without an await (the per-request
   * gates use it); undefined otherwise, then use `current`.
   */
  peek(): InstanceSettings | undefined {
    const entry = this.cached;
    return entry?.settings && this.fresh(entry) ? entry.settings : undefined;
  }

  /** Drops the cached copy; the next read goes to the database. */
  invalidate(): void {
    this.cached = null;
  }

  /** The instance settings (cached up to SETTINGS_CACHE_TTL_MS). */
  async current(): Promise<InstanceSettings> {
    return fromRaw(await this.snapshot());
  }

  /** One raw setting (parsed JSON), cached like `current`; undefined when unset. */
  async read(key: string): Promise<unknown> {
    return (await this.snapshot()).get(key);
  }

  /** Writes one raw setting in the caller's transaction; call `invalidate` after the commit. */
  async write(ex: Executor, key: string, value: unknown): Promise<void> {
    await store.upsertSetting(ex, key, JSON.stringify(value));
  }

  /** One raw setting read from the database now, bypassing the cache. */
  async readFresh(key: string): Promise<unknown> {
    const raw = await store.findSetting(this.db, key);
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw);
    } catch {
      return undefined;
    }
  }

  /**
   * A lease between nodes (e.g. "who runs the scheduled sync"): true when `holder` now holds
   * `key` for `ms`, false while someone else's lease is still running. Compare-and-set on the row.
   */
  async acquireLease(key: string, holder: string, ms: number): Promise<boolean> {
    const now = this.clock.now().getTime();
    const current = await store.findSetting(this.db, key);
    if (current !== null) {
      let until = 0;
      try {
        until = Number((JSON.parse(current) as { until?: unknown }).until) || 0;
      } catch {
        until = 0;
      }
      if (until > now) return false;
    }
    return store.swapSetting(this.db, key, current, JSON.stringify({ holder, until: now + ms }));
  }

  /** Gives the lease back early (only if `holder` still holds it). */
  async releaseLease(key: string, holder: string): Promise<void> {
    const current = await store.findSetting(this.db, key);
    if (current === null) return;
    try {
      if ((JSON.parse(current) as { holder?: unknown }).holder !== holder) return;
    } catch {
      return;
    }
    await store.swapSetting(this.db, key, current, JSON.stringify({ holder: null, until: 0 }));
  }

  /** Removes a raw setting. */
  async remove(key: string, ex: Executor = this.db): Promise<void> {
    await store.deleteSetting(ex, key);
    this.invalidate();
  }

  /**
   * Wired once at start-up: the mandatory-2FA rule is itself built on these settings, so it
   * cannot be a constructor argument.
   */
  useTwoFactorCoverage(coverage: TwoFactorCoverage): void {
    this.coverage = coverage;
  }

  private requireCoverage(): TwoFactorCoverage {
    if (!this.coverage) throw new Error('SettingsService: useTwoFactorCoverage was not called');
    return this.coverage;
  }

  /** The settings as the admin API answers them. */
  async adminView(): Promise<AdminSettings> {
    return { ...(await this.current()), usersWithoutTwoFactor: await this.requireCoverage().countUncovered() };
  }

  /** Who `usersWithoutTwoFactor` counts, a page at a time, oldest first. */
  async usersWithoutTwoFactor(limit: number, after: CursorPosition | null) {
    const rows = await this.requireCoverage().listUncovered(limit, after);
    return toPage(rows, limit, (row) => ({
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      email: row.email,
      source: row.source,
      lastSignInAt: row.last_sign_in_at,
    }));
  }

  /**
   * An admin's change: nobody turns on mandatory 2FA while it would lock themselves out.
   * @throws 422 enrol_twofactor_first
   */
  async updateAsAdmin(patch: SettingsPatch, actor: UserRow, client: ClientInfo | null): Promise<AdminSettings> {
    if (patch.mandatoryTwoFactor === true) await this.requireCoverage().assertMayRequire(actor);
    await this.update(patch, auditByUser(actor, client));
    return this.adminView();
  }

  /** Applies the changes in one transaction, with their audit entry, and returns the new settings. */
  async update(patch: SettingsPatch, by: AuditBy = SYSTEM_BY): Promise<InstanceSettings> {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    if (entries.length > 0) {
      const before = await this.current();
      await this.db.transaction().execute(async (trx) => {
        for (const [key, value] of entries) await this.write(trx, key, value);
        const changes = diff(before as unknown as Record<string, unknown>, Object.fromEntries(entries));
        if (Object.keys(changes).length > 0) await this.audit.record(trx, by, 'settings_updated', { kind: 'settings', id: null, label: 'settings' }, changes);
      });
    }
    this.invalidate();
    return this.current();
  }
}
