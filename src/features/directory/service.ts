import type { Db, Executor, UserRow } from '../../db/schema.js';
import { Problem, conflict, forbidden, notFound, unprocessable, badRequest } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { newId } from '../../lib/secrets.js';
import type { SettingsService } from '../settings/service.js';
import type { ActivityService } from '../activity/service.js';
import { type AuditBy, SYSTEM_BY } from '../audit/by.js';
import { type AuditService, diff } from '../audit/service.js';
import type { ExternalPasswordVerifier } from '../auth/service.js';
import type { SessionService } from '../sessions/service.js';
import { assertAnotherActiveAdmin } from '../users/last-admin.js';
import { profileChanges } from '../users/profile-changes.js';
import { RESERVED_USERNAMES, USERNAME_PATTERN, isValidName, isValidEmail } from '../users/rules.js';
import { type UserService, isUniqueViolation } from '../users/service.js';
import { type DirectoryConfig, type DirectoryInput, parseStoredConfig, validateInput } from './config.js';
import { type DirectoryEntry, checkUserPassword, countUsers, directoryUnavailable, searchUsers, withServiceBind } from './ldap.js';
import * as store from './store.js';

const CONFIG_KEY = 'directory';
const LAST_SYNC_KEY = 'directory.lastSync';
const LEASE_KEY = 'directory.syncLease';
/** A sync holds the lease at most this long (a crashed node's lease runs out). */
const LEASE_MS = 15 * 60_000;
/** How often each node looks whether a scheduled sync is due. */
export const SCHEDULE_TICK_MS = 60_000;
const MAX_REPORTED_SKIPS = 100;

export type SyncTrigger = 'manual' | 'schedule' | 'cli';

export interface SkippedEntry {
  dn: string;
  username: string | null;
  reason: string;
}

export interface SyncReport {
  trigger: SyncTrigger;
  startedAt: string;
  finishedAt: string;
  /** entries the directory returned */
  found: number;
  created: number;
  updated: number;
  enabled: number;
  disabled: number;
  unchanged: number;
  skipped: SkippedEntry[];
}

export interface LastSync {
  trigger: SyncTrigger;
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  /** problem code when it failed */
  error: string | null;
  report: SyncReport | null;
}

/** What admins see of the configuration: everything but the bind password. */
export type DirectoryConfigView = Omit<DirectoryConfig, 'bindPasswordSealed'> & { bindPasswordSet: boolean };

interface ValidEntry {
  dn: string;
  externalId: string;
  username: string;
  email: string;
  displayName: string;
}

/** The rules a directory entry must pass to become a user; the reason otherwise. */
function validateEntry(entry: DirectoryEntry): ValidEntry | { reason: string } {
  if (!entry.externalId) return { reason: 'missing_id' };
  const username = entry.username?.toLowerCase() ?? '';
  if (!USERNAME_PATTERN.test(username)) return { reason: 'invalid_username' };
  if (RESERVED_USERNAMES.has(username)) return { reason: 'username_reserved' };
  const email = entry.email ?? '';
  if (!isValidEmail(email)) return { reason: 'invalid_email' };
  const name = [...(entry.displayName ?? '')].slice(0, 100).join('').trim();
  return { dn: entry.dn, externalId: entry.externalId, username, email, displayName: isValidName(name) ? name : username };
}

const DIRECTORY_TARGET = { kind: 'directory' as const, id: null, label: 'directory' };

/** The stored configuration as the audit may show it: without the sealed bind password. */
function withoutSecret(config: DirectoryConfig): Record<string, unknown> {
  const { bindPasswordSealed: _sealed, ...rest } = config;
  return rest;
}

export interface DirectoryServiceOptions {
  db: Db;
  clock: Clock;
  users: UserService;
  settings: SettingsService;
  secretBox: SecretBox;
  sessions: SessionService;
  activity: ActivityService;
  audit: AuditService;
}

/**
 * The external LDAP directory: its configuration (bind password sealed with the SecretBox),
 * the connection test, the sync that creates, updates, disables and re-enables `source: ldap`
 * users, the password check by bind for sign-in, and the scheduled sync.
 */
export class DirectoryService implements ExternalPasswordVerifier {
  private running: Promise<unknown> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly nodeId = newId();

  private readonly db: Db;
  private readonly clock: Clock;
  private readonly users: UserService;
  private readonly settings: SettingsService;
  private readonly secretBox: SecretBox;
  private readonly sessions: SessionService;
  private readonly activity: ActivityService;
  private readonly audit: AuditService;

  constructor(options: DirectoryServiceOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.users = options.users;
    this.settings = options.settings;
    this.secretBox = options.secretBox;
    this.sessions = options.sessions;
    this.activity = options.activity;
    this.audit = options.audit;
  }

  /** The stored configuration (through the settings cache), or null. */
  async config(): Promise<DirectoryConfig | null> {
    return parseStoredConfig(await this.settings.read(CONFIG_KEY));
  }

  async view(): Promise<{ config: DirectoryConfigView | null; lastSync: LastSync | null }> {
    const config = await this.config();
    const lastSync = ((await this.settings.read(LAST_SYNC_KEY)) as LastSync | undefined) ?? null;
    if (!config) return { config: null, lastSync };
    const { bindPasswordSealed: _sealed, ...rest } = config;
    return { config: { ...rest, bindPasswordSet: true }, lastSync };
  }

  /**
   * Stores a new configuration; the bind password is sealed, or kept when omitted.
   * @throws 400 invalid_directory_url | invalid_filter | invalid_attribute | bind_password_required
   */
  async configure(input: DirectoryInput, by: AuditBy): Promise<DirectoryConfigView> {
    const { url, userFilter, attributes } = validateInput(input);
    const previous = await this.config();
    let bindPasswordSealed: string;
    if (input.bindPassword !== undefined) bindPasswordSealed = this.secretBox.seal(input.bindPassword);
    else bindPasswordSealed = this.storedPasswordFor(previous, url, input.bindDn).sealed;
    const config: DirectoryConfig = {
      enabled: input.enabled ?? true,
      url,
      bindDn: input.bindDn.trim(),
      bindPasswordSealed,
      baseDn: input.baseDn.trim(),
      userFilter,
      attributes,
      providesTwoFactor: input.providesTwoFactor ?? false,
      syncIntervalMinutes: input.syncIntervalMinutes ?? 0,
    };
    const { bindPasswordSealed: _sealed, ...rest } = config;
    const changes: Record<string, unknown> = diff(previous ? withoutSecret(previous) : {}, rest);
    if (input.bindPassword !== undefined) changes.bindPassword = 'changed';
    await this.db.transaction().execute(async (trx) => {
      await this.settings.write(trx, CONFIG_KEY, config);
      if (Object.keys(changes).length > 0) await this.audit.record(trx, by, 'directory_configured', DIRECTORY_TARGET, changes);
    });
    this.settings.invalidate();
    return { ...rest, bindPasswordSet: true };
  }

  /** Forgets the configuration. Directory users stay, but cannot sign in (503) until it is back. */
  async remove(by: AuditBy): Promise<void> {
    const previous = await this.config();
    await this.db.transaction().execute(async (trx) => {
      await this.settings.remove(CONFIG_KEY, trx);
      if (previous) await this.audit.record(trx, by, 'directory_removed', DIRECTORY_TARGET, { url: previous.url });
    });
    this.settings.invalidate();
  }

  /**
   * The stored bind password may be reused only for the same server and bind DN: otherwise an
   * admin could point the directory at a host of theirs and receive it.
   * @throws 400 bind_password_required
   */
  private storedPasswordFor(stored: DirectoryConfig | null, url: string, bindDn: string): { config: DirectoryConfig; sealed: string } {
    if (!stored || stored.url !== url || stored.bindDn !== bindDn.trim()) {
      throw badRequest('bind_password_required', 'Give the bind password (it is needed for a new server or bind DN).').forField('bindPassword');
    }
    return { config: stored, sealed: stored.bindPasswordSealed };
  }

  private bindPassword(config: DirectoryConfig): string {
    try {
      return this.secretBox.open(config.bindPasswordSealed);
    } catch {
      throw directoryUnavailable('The stored bind password cannot be decrypted (was the secret key changed?). Set it again.');
    }
  }

  private async requireConfig(): Promise<DirectoryConfig> {
    const config = await this.config();
    if (!config) throw notFound('directory_not_configured', 'No directory is configured.');
    return config;
  }

  /**
   * Binds and counts the users the filter finds. With `input`, tests that configuration before
   * it is saved (an omitted bind password means the stored one).
   * @throws 404 directory_not_configured, 400 (as configure), 422 directory_bind_failed |
   *   directory_search_failed, 503 directory_unavailable
   */
  async test(input: DirectoryInput | null): Promise<{ ok: true; users: number }> {
    let target: { url: string; bindDn: string; bindPassword: string; baseDn: string; userFilter: string };
    if (input) {
      const { url, userFilter } = validateInput(input);
      let bindPassword = input.bindPassword;
      if (bindPassword === undefined) {
        const stored = this.storedPasswordFor(await this.config(), url, input.bindDn);
        bindPassword = this.bindPassword(stored.config);
      }
      target = { url, bindDn: input.bindDn.trim(), bindPassword, baseDn: input.baseDn.trim(), userFilter };
    } else {
      const config = await this.requireConfig();
      target = { ...config, bindPassword: this.bindPassword(config) };
    }
    const users = await withServiceBind(target, (client) => countUsers(client, target.baseDn, target.userFilter));
    return { ok: true, users };
  }

  /**
   * Reads every user from the directory and brings the local `source: ldap` users in line:
   * new entries become users (no password stored here), changed names and emails are updated,
   * users whose entry is gone are disabled (sessions ended), and re-enabled if it comes back.
   * Each user's change is its own transaction with its activity event. An entry that cannot
   * become a user (invalid or reserved username, invalid email, username or email already
   * used by someone else) is skipped and reported.
   * @throws 404 directory_not_configured, 409 directory_disabled | sync_in_progress,
   *   422 directory_bind_failed | directory_search_failed | directory_empty, 503 directory_unavailable
   */
  async sync(trigger: SyncTrigger, by: AuditBy): Promise<SyncReport> {
    const config = await this.requireConfig();
    if (!config.enabled) throw conflict('directory_disabled', 'The directory is turned off.');
    if (this.running) throw conflict('sync_in_progress', 'A sync is running.');
    const run = this.syncLeased(config, trigger, by);
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = null;
    }
  }

  private async syncLeased(config: DirectoryConfig, trigger: SyncTrigger, by: AuditBy): Promise<SyncReport> {
    if (!(await this.settings.acquireLease(LEASE_KEY, this.nodeId, LEASE_MS))) {
      throw conflict('sync_in_progress', 'Another node is running a sync.');
    }
    const startedAt = iso(this.clock.now());
    try {
      const entries = await withServiceBind({ ...config, bindPassword: this.bindPassword(config) }, (client) =>
        searchUsers(client, config.baseDn, config.userFilter, config.attributes),
      );
      const report = await this.apply(entries, trigger, startedAt, by);
      await this.recordLastSync({ trigger, startedAt, finishedAt: report.finishedAt, ok: true, error: null, report }, by);
      return report;
    } catch (error) {
      const code = error instanceof Problem ? error.code : 'internal_error';
      await this.recordLastSync({ trigger, startedAt, finishedAt: iso(this.clock.now()), ok: false, error: code, report: null }, by);
      throw error;
    } finally {
      await this.settings.releaseLease(LEASE_KEY, this.nodeId);
    }
  }

  /**
   * Keeps the outcome for the admin view and audits it: every sync asked for by a person or the
   * command line, a scheduled one only when it changed users or failed (not one entry per interval).
   */
  private async recordLastSync(lastSync: LastSync, by: AuditBy): Promise<void> {
    const { report } = lastSync;
    const changed = report ? report.created + report.updated + report.enabled + report.disabled > 0 : true;
    await this.db.transaction().execute(async (trx) => {
      await this.settings.write(trx, LAST_SYNC_KEY, lastSync);
      if (lastSync.trigger !== 'schedule' || changed) {
        await this.audit.record(trx, by, 'directory_synced', DIRECTORY_TARGET, {
          trigger: lastSync.trigger,
          ok: lastSync.ok,
          ...(lastSync.error ? { error: lastSync.error } : {}),
          ...(report ? { found: report.found, created: report.created, updated: report.updated, enabled: report.enabled, disabled: report.disabled, skipped: report.skipped.length } : {}),
        });
      }
    });
    this.settings.invalidate();
  }

  private async apply(entries: DirectoryEntry[], trigger: SyncTrigger, startedAt: string, by: AuditBy): Promise<SyncReport> {
    const report: SyncReport = { trigger, startedAt, finishedAt: startedAt, found: entries.length, created: 0, updated: 0, enabled: 0, disabled: 0, unchanged: 0, skipped: [] };
    const skip = (dn: string, username: string | null, reason: string) => {
      if (report.skipped.length < MAX_REPORTED_SKIPS) report.skipped.push({ dn, username, reason });
    };
    const links = await store.listLinksWithUsers(this.db);
    if (entries.length === 0 && links.some((link) => link.disabled === 0)) {
      // a wrong filter or base DN must not disable every directory user at once
      throw unprocessable('directory_empty', 'The directory returned no users; nobody was disabled. Check the base DN and filter.');
    }
    const validated = entries.map((entry) => ({ entry, valid: validateEntry(entry) }));
    const presentIds = new Set(validated.flatMap(({ valid }) => ('reason' in valid ? [] : [valid.externalId])));
    const seen = new Set<string>();
    const seenUsernames = new Set<string>();
    for (const { entry, valid } of validated) {
      if ('reason' in valid) {
        skip(entry.dn, entry.username, valid.reason);
        continue;
      }
      if (seen.has(valid.externalId) || seenUsernames.has(valid.username)) {
        skip(entry.dn, valid.username, 'duplicate_entry');
        continue;
      }
      seen.add(valid.externalId);
      seenUsernames.add(valid.username);
      try {
        const outcome = await this.upsert(valid, presentIds, by);
        for (const key of outcome) report[key] += 1;
      } catch (error) {
        if (error instanceof Problem && error.status === 409) skip(entry.dn, valid.username, error.code);
        else if (isUniqueViolation(error)) skip(entry.dn, valid.username, 'conflict');
        else throw error;
      }
    }
    // read again: entries recreated in the directory were re-linked above
    for (const link of await store.listLinksWithUsers(this.db)) {
      if (seen.has(link.external_id) || link.disabled === 1) continue;
      try {
        if (await this.disableMissing(link.user_id, by)) report.disabled += 1;
      } catch (error) {
        if (error instanceof Problem && error.status === 409) skip('', link.username, error.code);
        else throw error;
      }
    }
    report.finishedAt = iso(this.clock.now());
    return report;
  }

  /**
   * One entry, one transaction. Returns what happened to the user. An entry with a new id but
   * the username of a directory user whose old entry is gone (deleted and recreated in the
   * directory) takes that user over; a username held by a local user, or by a directory user
   * whose entry still exists, is never taken over.
   */
  private async upsert(entry: ValidEntry, presentIds: Set<string>, syncBy: AuditBy): Promise<('created' | 'updated' | 'enabled' | 'unchanged')[]> {
    return this.db.transaction().execute(async (trx) => {
      const now = iso(this.clock.now());
      let link = await store.findLinkByExternalId(trx, entry.externalId);
      const by = { by: 'directory' };
      const via = { via: 'directory_sync' };
      if (!link) {
        const existing = await this.users.findByUsername(entry.username, trx);
        if (existing) {
          const previous = existing.source === 'ldap' ? await store.findLinkByUserId(trx, existing.id) : undefined;
          if (!previous || presentIds.has(previous.external_id)) throw conflict('username_taken');
          await store.updateLinkByUserId(trx, existing.id, { external_id: entry.externalId });
          link = { ...previous, external_id: entry.externalId };
        }
      }
      if (!link) {
        if (await this.users.isEmailTaken(entry.email, null, trx)) throw conflict('email_taken');
        // no credentials row: the directory keeps the password
        const { username, email, displayName } = entry;
        const row = await this.users.insert(trx, { username, email, displayName, role: 'user', source: 'ldap' }, null);
        await store.insertLink(trx, { user_id: row.id, external_id: entry.externalId, dn: entry.dn, synced_at: now, disabled_by_sync: 0 });
        await this.activity.record(trx, row.id, 'account_created', null, { source: 'ldap' });
        await this.audit.record(trx, syncBy, 'user_created', { kind: 'user', id: row.id, label: row.username }, { email: row.email, role: row.role, source: 'ldap', ...via });
        return ['created'];
      }
      const user = await this.users.findById(link.user_id, trx);
      if (!user) return ['unchanged'];
      const { changes, fields: changed } = profileChanges(user, { displayName: entry.displayName, email: entry.email });
      if (changes.email && (await this.users.isEmailTaken(entry.email, user.id, trx))) throw conflict('email_taken');
      const fields = changed.filter((field) => field !== 'email');
      const enable = link.disabled_by_sync === 1 && user.disabled === 1;
      if (enable) changes.disabled = 0;
      const outcome: ('updated' | 'enabled')[] = [];
      if (Object.keys(changes).length > 0) {
        changes.updated_at = now;
        await this.users.update(trx, user.id, changes);
        if (changes.email) await this.activity.record(trx, user.id, 'email_changed', null, { from: user.email, to: changes.email, ...by });
        if (fields.length > 0) await this.activity.record(trx, user.id, 'profile_updated', null, { fields, ...by });
        if (enable) await this.activity.record(trx, user.id, 'account_enabled', null, by);
        const audited = diff({ displayName: user.display_name, email: user.email }, { displayName: changes.display_name, email: changes.email });
        const target = { kind: 'user' as const, id: user.id, label: user.username };
        if (Object.keys(audited).length > 0) await this.audit.record(trx, syncBy, 'user_updated', target, { ...audited, ...via });
        if (enable) await this.audit.record(trx, syncBy, 'user_enabled', target, { disabled: { from: true, to: false }, ...via });
        if (changes.email || fields.length > 0) outcome.push('updated');
        if (enable) outcome.push('enabled');
      }
      await store.updateLinkByUserId(trx, user.id, { dn: entry.dn, synced_at: now, disabled_by_sync: enable ? 0 : link.disabled_by_sync });
      return outcome.length > 0 ? outcome : ['unchanged'];
    });
  }

  /** Disables a user whose entry is gone (never the last admin); ends their sessions. */
  private async disableMissing(userId: string, syncBy: AuditBy): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const user = await this.users.findById(userId, trx);
      if (!user || user.disabled === 1) return false;
      await assertAnotherActiveAdmin(trx, userId);
      await this.users.update(trx, userId, { disabled: 1, updated_at: iso(this.clock.now()) });
      await store.updateLinkByUserId(trx, userId, { disabled_by_sync: 1 });
      await this.sessions.endAllForUser(trx, userId, 'user_disabled');
      await this.activity.record(trx, userId, 'account_disabled', null, { by: 'directory', reason: 'removed_from_directory' });
      await this.audit.record(trx, syncBy, 'user_disabled', { kind: 'user', id: userId, label: user.username }, {
        disabled: { from: false, to: true },
        reason: 'removed_from_directory',
        via: 'directory_sync',
      });
      return true;
    });
  }

  /** A user enabled by hand: a later sync may disable them again only if their entry is still gone. */
  async forgetDisabledBySync(ex: Executor, userId: string): Promise<void> {
    await store.updateLinkByUserId(ex, userId, { disabled_by_sync: 0 });
  }

  /**
   * Runs a sync when the configured interval has passed since the last one (on any node).
   * Returns null when none was due or another sync is running.
   */
  async runScheduledSync(): Promise<SyncReport | null> {
    const config = await this.config();
    if (!config?.enabled || config.syncIntervalMinutes <= 0 || this.running) return null;
    const last = (await this.settings.readFresh(LAST_SYNC_KEY)) as LastSync | undefined;
    const due = !last || this.clock.now().getTime() - Date.parse(last.startedAt) >= config.syncIntervalMinutes * 60_000;
    if (!due) return null;
    try {
      return await this.sync('schedule', SYSTEM_BY);
    } catch (error) {
      if (error instanceof Problem && error.code === 'sync_in_progress') return null;
      throw error;
    }
  }

  /** Starts the timer that runs scheduled syncs; `onError` hears failures (the log). */
  startSchedule(onError: (error: unknown) => void, tickMs = SCHEDULE_TICK_MS): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.runScheduledSync().catch(onError);
    }, tickMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a sync in flight (app close). */
  async stopSchedule(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  get scheduled(): boolean {
    return this.timer !== null;
  }

  /**
   * Sign-in of a directory user: a bind as their DN with the password (never stored here).
   * @throws 503 directory_unavailable when the directory is unreachable, turned off or gone
   */
  async verifyPassword(user: UserRow, password: string): Promise<boolean> {
    const config = await this.config();
    if (!config || !config.enabled) throw directoryUnavailable('The directory is not available for sign-in.');
    const link = await store.findLinkByUserId(this.db, user.id);
    if (!link) return false;
    return checkUserPassword(config.url, link.dn, password);
  }

  /**
   * Whether a credential kept here (a passkey) may sign this user in without a password: always
   * for local users; for directory users only while the directory is enabled, still lists them
   * and does not provide their second factor itself. Otherwise their password sign-in would be
   * refused or asked of the directory, and a passkey must not be a way around that.
   */
  async allowsLocalSignIn(user: Pick<UserRow, 'id' | 'source'>): Promise<boolean> {
    if (user.source !== 'ldap') return true;
    const config = await this.config();
    if (!config || !config.enabled || config.providesTwoFactor) return false;
    return (await store.findLinkByUserId(this.db, user.id)) !== undefined;
  }

  /** Whether this user's second factor is the directory's business. */
  async providesTwoFactorFor(user: Pick<UserRow, 'source'>): Promise<boolean> {
    if (user.source !== 'ldap') return false;
    return (await this.config())?.providesTwoFactor === true;
  }

  /** @throws 403 managed_by_directory when the directory provides this user's second factor */
  async assertTwoFactorManagedHere(user: Pick<UserRow, 'source'>): Promise<void> {
    if (await this.providesTwoFactorFor(user)) {
      throw forbidden('managed_by_directory', 'Your directory provides your two-factor authentication; set it up there.');
    }
  }
}
