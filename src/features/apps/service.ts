import type { AppRow, Db } from '../../db/schema.js';
import { badRequest, notFound } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import { type CursorPosition, toPage } from '../../lib/cursor.js';
import { constantTimeEqual, newId, sha256Hex } from '../../lib/secrets.js';
import { APP_SECRET_PREFIX, displayPrefix, generateSecret, isWellFormedSecret } from '../../lib/token-format.js';
import type { ActivityService } from '../activity/service.js';
import type { AuditBy } from '../audit/by.js';
import { type AuditService, diff } from '../audit/service.js';
import { invalidName, isValidName } from '../users/rules.js';
import { type OidcSettingsInput, oidcColumns, oidcSettingsOf } from './oidc-settings.js';
import * as store from './store.js';

export interface AppInput extends OidcSettingsInput {
  name?: string;
  /** null clears it */
  url?: string | null;
}

const URL_MAX_LENGTH = 2048;

export function appView(row: AppRow) {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    secretPrefix: row.secret_prefix,
    secretRotatedAt: row.secret_rotated_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...oidcSettingsOf(row),
  };
}

/** What any signed-in user sees of an app: enough to pick it when making an app password. */
export function publicAppView(row: AppRow) {
  return { id: row.id, name: row.name, url: row.url };
}

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (!isValidName(trimmed)) throw invalidName('invalid_app_name').forField('name');
  return trimmed;
}

function cleanUrl(url: string | null): string | null {
  if (url === null || url.trim() === '') return null;
  const trimmed = url.trim();
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(trimmed)) throw badRequest('invalid_url', 'The URL is not valid.').forField('url');
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw badRequest('invalid_url', 'The URL is not valid.').forField('url');
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || trimmed.length > URL_MAX_LENGTH || parsed.username || parsed.password) {
    throw badRequest('invalid_url', 'Use an http(s) URL without credentials.').forField('url');
  }
  return trimmed;
}

const appTarget = (app: Pick<AppRow, 'id' | 'name'>) => ({ kind: 'app' as const, id: app.id, label: app.name });

/** What an app entry of the audit shows: its settings, never the secret's hash, no timestamps. */
function auditedFields(view: ReturnType<typeof appView>): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, secretRotatedAt: _r, ...rest } = view;
  return rest;
}

export interface AppServiceOptions {
  db: Db;
  clock: Clock;
  activity: ActivityService;
  audit: AuditService;
}

/**
 * Registered apps: the programs (mail server, wiki, proxy) that verify users against Userhub.
 * Each has a secret (`uha_…`), shown once at creation or rotation and stored as SHA-256.
 */
export class AppService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly activity: ActivityService;
  private readonly audit: AuditService;

  constructor(options: AppServiceOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.activity = options.activity;
    this.audit = options.audit;
  }

  /** @throws 400 invalid_app_name | invalid_url | invalid_redirect_uri */
  async create(input: AppInput & { name: string }, by: AuditBy) {
    const name = cleanName(input.name);
    const url = cleanUrl(input.url ?? null);
    const secret = generateSecret(APP_SECRET_PREFIX);
    const now = iso(this.clock.now());
    const row: AppRow = {
      id: newId(),
      name,
      url,
      secret_hash: sha256Hex(secret),
      secret_prefix: displayPrefix(secret, APP_SECRET_PREFIX),
      secret_rotated_at: now,
      created_at: now,
      updated_at: now,
      redirect_uris: '[]',
      post_logout_redirect_uris: '[]',
      backchannel_logout_uri: null,
      confidential: 1,
      consent: 'required',
      access: '{}',
    };
    Object.assign(row, oidcColumns(input));
    const view = appView(row);
    await this.db.transaction().execute(async (trx) => {
      await store.insertApp(trx, row);
      await this.audit.record(trx, by, 'app_created', appTarget(row), auditedFields(view));
    });
    return { app: view, secret };
  }

  /** @throws 404 app_not_found */
  async get(id: string): Promise<AppRow> {
    const row = await store.findAppById(this.db, id);
    if (!row) throw notFound('app_not_found', 'No such app.');
    return row;
  }

  findById(id: string): Promise<AppRow | undefined> {
    return store.findAppById(this.db, id);
  }

  async list(limit: number, after: CursorPosition | null) {
    return toPage(await store.listApps(this.db, limit, after), limit, appView);
  }

  async listPublic(limit: number, after: CursorPosition | null) {
    return toPage(await store.listApps(this.db, limit, after), limit, publicAppView);
  }

  /** @throws 404 app_not_found, 400 invalid_app_name | invalid_url */
  async update(id: string, input: AppInput, by: AuditBy) {
    return this.db.transaction().execute(async (trx) => {
      const app = await store.findAppById(trx, id);
      if (!app) throw notFound('app_not_found', 'No such app.');
      const patch: Partial<AppRow> = { updated_at: iso(this.clock.now()) };
      if (input.name !== undefined) patch.name = cleanName(input.name);
      if (input.url !== undefined) patch.url = cleanUrl(input.url);
      Object.assign(patch, oidcColumns(input, app));
      if (!(await store.updateAppById(trx, id, patch))) throw notFound('app_not_found', 'No such app.');
      const view = appView({ ...app, ...patch });
      const changes = diff(auditedFields(appView(app)), auditedFields(view));
      if (Object.keys(changes).length > 0) await this.audit.record(trx, by, 'app_updated', appTarget(app), changes);
      return view;
    });
  }

  /** A new secret; the old one stops working at once. @throws 404 app_not_found */
  async rotateSecret(id: string, by: AuditBy) {
    const secret = generateSecret(APP_SECRET_PREFIX);
    const now = iso(this.clock.now());
    const patch = { secret_hash: sha256Hex(secret), secret_prefix: displayPrefix(secret, APP_SECRET_PREFIX), secret_rotated_at: now, updated_at: now };
    const app = await this.db.transaction().execute(async (trx) => {
      const found = await store.findAppById(trx, id);
      if (!found || !(await store.updateAppById(trx, id, patch))) throw notFound('app_not_found', 'No such app.');
      await this.audit.record(trx, by, 'app_secret_rotated', appTarget(found), { secretPrefix: patch.secret_prefix });
      return found;
    });
    return { app: appView({ ...app, ...patch }), secret };
  }

  /**
   * Deletes the app and, with it, every app password made for it; each owner's activity says so.
   * @throws 404 app_not_found
   */
  async delete(id: string, by: AuditBy): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const app = await store.findAppById(trx, id);
      if (!app) throw notFound('app_not_found', 'No such app.');
      for (const password of await store.listAppPasswordOwnersByAppId(trx, id)) {
        await this.activity.record(trx, password.user_id, 'app_password_revoked', null, {
          appPasswordId: password.id,
          name: password.name,
          appId: app.id,
          appName: app.name,
          reason: 'app_deleted',
        });
      }
      await store.deleteAppById(trx, id);
      await this.audit.record(trx, by, 'app_deleted', appTarget(app), {});
    });
  }

  /**
   * The app when `presented` is its current secret, else null. Malformed secrets are refused
   * before any database work; the hashes are compared in constant time.
   */
  async verifySecret(appId: string, presented: string): Promise<AppRow | null> {
    if (!isWellFormedSecret(presented, APP_SECRET_PREFIX)) return null;
    const app = await store.findAppById(this.db, appId);
    if (!app) return null;
    return constantTimeEqual(sha256Hex(presented), app.secret_hash) ? app : null;
  }
}
