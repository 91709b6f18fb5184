import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { AppRow, Db, Executor, UserRow } from '../../db/schema.js';
import { forbidden, notFound } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { AccountService } from '../accounts/service.js';
import { clientMetadataOf, mayUseApp, oidcSettingsOf } from '../apps/oidc-settings.js';
import type { AppService } from '../apps/service.js';
import type { MediaService } from '../media/service.js';
import { hasSecondFactor } from '../twofactor/status.js';
import type { UserService } from '../users/service.js';
import type { ActivityService } from '../activity/service.js';
import type { ClientInfo } from '../../http/client-info.js';
import type { SessionService } from '../sessions/service.js';
import { SESSION_COOKIE } from '../../http/session-cookie.js';
import { claimsOf } from './claims.js';
import { KEY_CHECK_INTERVAL_MS, OidcKeyStore } from './keys.js';
import { createOidcProvider } from './provider.js';
import { oncePerRequest } from './request-scope.js';
import * as store from './store.js';

/** The part of the provider's Session payload we read. */
interface ProviderSession {
  accountId?: string;
  authorizations?: Record<string, { sid?: string; grantId?: string }>;
}

/** Where the browser goes next from an interaction. */
export type InteractionStep =
  | { kind: 'sign_in' }
  | { kind: 'no_access'; appName: string }
  | { kind: 'enrol_second_factor'; appName: string }
  /** the app asked for a fresh sign-in (prompt=login, max_age) the dashboard session has not given */
  | { kind: 'confirm_identity'; appName: string }
  | { kind: 'consent' }
  | { kind: 'finished' };

export interface OidcServiceOptions {
  db: Db;
  clock: Clock;
  secretBox: SecretBox;
  origin: string;
  secureCookies: boolean;
  users: Pick<UserService, 'findById'>;
  accounts: Pick<AccountService, 'allForUser'>;
  media: Pick<MediaService, 'newestImages' | 'imagesFrom'>;
  apps: Pick<AppService, 'findById'>;
  sessions: Pick<SessionService, 'resolve' | 'onEnded'>;
  log: { warn(details: object, message: string): void };
  activity: Pick<ActivityService, 'record'>;
  /** whether the instance's mandatory-2FA rule stops this user until they enrol */
  twoFactorRequired(user: UserRow): Promise<boolean>;
}

const GRANT_TOUCH_INTERVAL_MS = 60_000;

type Admission = 'ok' | 'no_access' | 'enrol_second_factor';

type Memberships = Awaited<ReturnType<AccountService['allForUser']>>;

/** RFC 8176 authentication method references for our sign-in methods. */
const AMR: Record<string, string> = { password: 'pwd', totp: 'otp', recovery_code: 'otp', passkey: 'hwk', password_reset: 'pwd' };

const SCOPE_WORDS: Record<string, string> = {
  openid: 'Know who you are (your user id)',
  profile: 'Your username, display name, picture, language and time zone',
  email: 'Your email address',
  groups: 'The organisations you belong to and your group in each',
  offline_access: 'Stay signed in when you are away (refresh tokens)',
};

/**
 * Single sign-on for apps: the OpenID provider (oidc-provider) with its keys and storage, and
 * the interactions where our side decides — who is signed in (the dashboard session), whether
 * they may use the app (its access rule, an account's MFA rule, mandatory 2FA), and consent.
 */
export class OidcService {
  private providerInstance: Provider | null = null;
  private callback: ReturnType<Provider['callback']> | null = null;
  private keysVersion = '';
  private keysCheckedAt = 0;
  private readonly grantsTouched = new Map<string, number>();
  private readonly keyStore: OidcKeyStore;

  constructor(private readonly options: OidcServiceOptions) {
    this.keyStore = new OidcKeyStore(options.db, options.secretBox, options.clock);
    options.sessions.onEnded((userId) => {
      if (this.providerInstance) this.reconcile(userId).catch((err: unknown) => options.log.warn({ err }, 'ending app sessions failed'));
    });
  }

  /** Loads (or on the first start makes) the signing keys and builds the provider. */
  async start(): Promise<Provider> {
    if (!this.providerInstance) await this.build();
    return this.provider;
  }

  /**
   * The provider's HTTP handler, rebuilt when the signing keys changed (a rotation on any node):
   * checked at most every 10 s, so a new key is published by every node within seconds.
   */
  async handler(): Promise<ReturnType<Provider['callback']>> {
    const now = this.options.clock.nowMs();
    if (now - this.keysCheckedAt > KEY_CHECK_INTERVAL_MS) {
      this.keysCheckedAt = now;
      if ((await this.keyStore.version()) !== this.keysVersion) await this.build();
    }
    return this.callback as ReturnType<Provider['callback']>;
  }

  private async build(): Promise<void> {
    const { keys, version } = await this.keyStore.load();
    this.keysVersion = version;
    this.keysCheckedAt = this.options.clock.nowMs();
    const provider = createOidcProvider({
      issuer: this.options.origin,
      db: this.options.db,
      clock: this.options.clock,
      keys: { keys },
      clients: {
        clientMetadata: async (id) => {
          const row = await this.appRow(id);
          return row ? clientMetadataOf(row) : undefined;
        },
      },
      accounts: { accountFor: (userId, clientId) => this.accountFor(userId, clientId) },
      cookieKeys: [this.options.secretBox.derive('oidc-provider-cookies')],
      secureCookies: this.options.secureCookies,
      allowFetch: (url) => this.mayCall(url),
      dashboardUser: async (cookie) => (cookie ? ((await this.options.sessions.resolve(cookie))?.user.id ?? null) : null),
      admits: async (userId, clientId) => (await this.accountFor(userId, clientId)) !== undefined,
    });
    provider.on('authorization.success', (ctx) => {
      const session = ctx.oidc.session;
      const token = ctx.cookies.get(SESSION_COOKIE);
      const clientId = ctx.oidc.client?.clientId;
      if (session?.accountId && clientId) {
        const client = { ip: ctx.ip, userAgent: ctx.get('user-agent').slice(0, 512) };
        void this.options.activity
          .record(this.options.db, session.accountId, 'app_signed_in', client, { appId: clientId, appName: ctx.oidc.client?.clientName ?? null })
          .catch((err: unknown) => this.options.log.warn({ err }, 'recording an app sign-in failed'));
      }
      if (!session?.accountId || !token) return;
      void this.options.sessions
        .resolve(token)
        .then((found) => (found && found.user.id === session.accountId ? this.linkSession(session.jti, found.session.id, found.user.id) : undefined))
        .catch((err: unknown) => this.options.log.warn({ err }, 'linking an app sign-in failed'));
    });
    provider.on('grant.success', (ctx) => {
      const grantId = (ctx.oidc.entities as { Grant?: { jti: string } }).Grant?.jti;
      if (grantId && this.mayTouch(grantId)) void store.touchGrant(this.options.db, grantId, iso(this.options.clock.now())).catch(() => undefined);
    });
    this.providerInstance = provider;
    this.callback = provider.callback();
  }

  /**
   * Whether to write a grant's "last used" now: at most once a minute per grant and node (the
   * connected-apps view shows it to the minute; a write per refresh would cost every one).
   */
  private mayTouch(grantId: string): boolean {
    const now = this.options.clock.nowMs();
    const last = this.grantsTouched.get(grantId);
    if (last !== undefined && now - last < GRANT_TOUCH_INTERVAL_MS) return false;
    if (this.grantsTouched.size >= 10_000) this.grantsTouched.clear();
    this.grantsTouched.set(grantId, now);
    return true;
  }

  get provider(): Provider {
    if (!this.providerInstance) throw new Error('OidcService.start() first');
    return this.providerInstance;
  }

  /** Whether the provider may call `url`: exactly the back-channel logout URIs admins registered. */
  mayCall(url: string): Promise<boolean> {
    return store.isRegisteredBackchannelUri(this.options.db, url);
  }

  /** Housekeeping: forget what the provider stored past its expiry; end app sessions whose dashboard session ended. */
  async sweep(): Promise<void> {
    const now = iso(this.options.clock.now());
    await store.deleteExpiredModels(this.options.db, now);
    // what the prompt hook missed (sessions expired by housekeeping, a restart): catch up here
    for (const userId of await store.listUsersWithEndedLinks(this.options.db)) await this.reconcile(userId);
    await store.deleteLinksWithoutProviderSession(this.options.db);
  }

  /**
   * Remembers under which dashboard session an app sign-in ran (the provider's session and our
   * cookie's session), so that ending the one ends the other.
   */
  async linkSession(providerSessionId: string, dashboardSessionId: string, userId: string): Promise<void> {
    await store.linkSession(this.options.db, {
      provider_session_id: providerSessionId,
      session_id: dashboardSessionId,
      user_id: userId,
      created_at: iso(this.options.clock.now()),
    });
  }

  /**
   * Brings the apps in line with the user's dashboard: a user who is gone or disabled loses every
   * app session and token; otherwise the app sessions of ended dashboard sessions end. Each app
   * the user was signed in to gets a back-channel logout token (when it registered a URI).
   */
  async reconcile(userId: string): Promise<void> {
    const user = await this.options.users.findById(userId);
    const now = iso(this.options.clock.now());
    const sessions = await store.listModelsByAccount(this.options.db, 'Session', userId, now);
    if (!user || user.disabled === 1) {
      for (const row of sessions) await this.endProviderSession(row.id, JSON.parse(row.payload) as ProviderSession, { revokeTokens: true });
      for (const grant of await store.listModelsByAccount(this.options.db, 'Grant', userId, now)) await this.revokeGrant(grant.id);
      return;
    }
    const ended = await store.listLinksOfEndedSessions(this.options.db, userId);
    for (const link of ended) {
      const row = sessions.find((s) => s.id === link.provider_session_id);
      // as the contract says: the matching app sessions end, and their refresh tokens with them
      if (row) await this.endProviderSession(row.id, JSON.parse(row.payload) as ProviderSession, { revokeTokens: true });
      await store.deleteLink(this.options.db, link.provider_session_id);
    }
  }

  /** The apps each dashboard session of the user signed in to, by session id (the Sessions view). */
  async appsBySession(userId: string): Promise<Map<string, { id: string; name: string }[]>> {
    const result = new Map<string, { id: string; name: string }[]>();
    const links = await store.listLinksByUserId(this.options.db, userId);
    if (links.length === 0) return result;
    const sessions = await store.listModelsByAccount(this.options.db, 'Session', userId, iso(this.options.clock.now()));
    for (const link of links) {
      const row = sessions.find((s) => s.id === link.provider_session_id);
      if (!row) continue;
      const clientIds = Object.keys((JSON.parse(row.payload) as ProviderSession).authorizations ?? {});
      const apps = result.get(link.session_id) ?? [];
      for (const clientId of clientIds) {
        if (apps.some((a) => a.id === clientId)) continue;
        const app = await this.options.apps.findById(clientId);
        if (app) apps.push({ id: app.id, name: app.name });
      }
      result.set(link.session_id, apps);
    }
    return result;
  }

  /** The apps the user allowed (their grants), for the Connected apps view. */
  async connectedApps(userId: string) {
    const now = iso(this.options.clock.now());
    const grants = await store.listModelsByAccount(this.options.db, 'Grant', userId, now);
    const byApp = new Map<string, { app: { id: string; name: string; url: string | null }; scopes: Set<string>; grantedAt: string; lastUsedAt: string | null }>();
    for (const row of grants) {
      const grant = JSON.parse(row.payload) as { clientId?: string; iat?: number; openid?: { scope?: string } };
      if (!grant.clientId) continue;
      const app = await this.options.apps.findById(grant.clientId);
      if (!app) continue;
      const grantedAt = new Date((grant.iat ?? 0) * 1000).toISOString();
      const entry = byApp.get(app.id) ?? { app: { id: app.id, name: app.name, url: app.url }, scopes: new Set<string>(), grantedAt, lastUsedAt: null };
      for (const scope of (grant.openid?.scope ?? '').split(' ').filter(Boolean)) entry.scopes.add(scope);
      if (grantedAt < entry.grantedAt) entry.grantedAt = grantedAt;
      if (row.last_used_at && (!entry.lastUsedAt || row.last_used_at > entry.lastUsedAt)) entry.lastUsedAt = row.last_used_at;
      byApp.set(app.id, entry);
    }
    return [...byApp.values()].map((entry) => ({ ...entry, scopes: [...entry.scopes] }));
  }

  /**
   * Revokes an app: its grants (consent), every token they gave, and the user's sessions with
   * it (the app gets a back-channel logout). @returns whether the app had anything to revoke
   */
  async revokeApp(userId: string, appId: string, client: ClientInfo): Promise<boolean> {
    const now = iso(this.options.clock.now());
    let found = false;
    for (const row of await store.listModelsByAccount(this.options.db, 'Session', userId, now)) {
      const session = JSON.parse(row.payload) as ProviderSession;
      if (session.authorizations?.[appId]) {
        found = true;
        await this.endProviderSession(row.id, session, { revokeTokens: true, onlyClient: appId });
      }
    }
    for (const row of await store.listModelsByAccount(this.options.db, 'Grant', userId, now)) {
      const grant = JSON.parse(row.payload) as { clientId?: string };
      if (grant.clientId === appId) {
        found = true;
        await this.revokeGrant(row.id);
      }
    }
    if (found) {
      const app = await this.options.apps.findById(appId);
      await this.options.activity.record(this.options.db, userId, 'app_revoked', client, { appId, appName: app?.name ?? null });
    }
    return found;
  }

  /**
   * Every app's consent and every token they hold, inside the caller's transaction (a lockdown);
   * the app sessions end, with back-channel logout, once the dashboard sessions' end is seen
   * (reconcile). @returns how many grants there were
   */
  revokeAllForUser(trx: Executor, userId: string): Promise<number> {
    return store.deleteGrantsOfAccount(trx, userId);
  }

  private async revokeGrant(grantId: string): Promise<void> {
    await store.deleteTokensByGrantId(this.options.db, grantId);
    await store.destroyModel(this.options.db, 'Grant', grantId);
  }

  /** Ends a provider session (or one app's part of it): back-channel logout to each app, and its tokens when asked. */
  private async endProviderSession(id: string, session: ProviderSession, options: { revokeTokens: boolean; onlyClient?: string }): Promise<void> {
    const authorizations = Object.entries(session.authorizations ?? {}).filter(([clientId]) => !options.onlyClient || clientId === options.onlyClient);
    for (const [clientId, authorization] of authorizations) {
      if (options.revokeTokens && authorization.grantId) await store.deleteTokensByGrantId(this.options.db, authorization.grantId);
      void this.deliverLogout(clientId, session.accountId, authorization.sid);
    }
    if (options.onlyClient && session.authorizations) {
      const rest = { ...session.authorizations };
      delete rest[options.onlyClient];
      const Session = this.provider.Session;
      const stored = await Session.find(id);
      if (stored) {
        stored.authorizations = rest;
        await stored.persist();
      }
      return;
    }
    await store.destroyModel(this.options.db, 'Session', id);
  }

  /** A back-channel logout token to the app, retried with back-off (1 s, 5 s, 30 s) while it fails. */
  private async deliverLogout(clientId: string, accountId: string | undefined, sid: string | undefined): Promise<void> {
    try {
      await this.sendLogout(clientId, accountId, sid);
    } catch (err) {
      this.options.log.warn({ err }, 'back-channel logout failed');
    }
  }

  private async sendLogout(clientId: string, accountId: string | undefined, sid: string | undefined): Promise<void> {
    if (!accountId || !sid) return;
    // Client#backchannelLogout is the library's own sender (not in its typings)
    const client = (await this.provider.Client.find(clientId)) as { backchannelLogoutUri?: string; backchannelLogout(sub: string, sid: string): Promise<void> } | undefined;
    if (!client?.backchannelLogoutUri) return;
    for (const waitMs of [0, 1_000, 5_000, 30_000]) {
      if (waitMs) await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
      try {
        await client.backchannelLogout(accountId, sid);
        return;
      } catch {
        // the app is down or answered wrong: try again later
      }
    }
  }

  /** New signing keys, published at once here and within seconds by every other node. */
  async rotateKeys(): Promise<string[]> {
    const kids = await this.keyStore.rotate();
    if (this.providerInstance) await this.build();
    return kids;
  }

  /**
   * The user as apps see them, read once per token use: undefined when they may not use apps now
   * (unknown, disabled) or, with `clientId`, that app (admission); their claims when asked.
   */
  async accountFor(userId: string, clientId: string | null): Promise<{ claims(): Promise<Record<string, unknown>> } | undefined> {
    const user = await this.options.users.findById(userId);
    if (!user || user.disabled === 1) return undefined;
    const memberships = await this.options.accounts.allForUser(user.id);
    if (clientId !== null && (await this.admission(user, clientId, memberships)) !== 'ok') return undefined;
    return {
      claims: async () => {
        const images = await this.options.media.imagesFrom(user, await this.options.media.newestImages(user.id));
        return claimsOf(user, memberships, new URL(images.avatarUrl, this.options.origin).toString());
      },
    };
  }

  /**
   * Whether `user` may sign in to the app: its access rule (accounts, groups), then the MFA rules
   * (an account the app is tied to that requires MFA, the instance's mandatory 2FA). `memberships`:
   * the user's, when the caller has read them already.
   */
  async admission(user: UserRow, appId: string, memberships?: Memberships): Promise<Admission> {
    return this.admissionTo(user, await this.appRow(appId), memberships);
  }

  /** The app's row, read once per provider request (the library's client lookup and admission share it). */
  private appRow(id: string): Promise<AppRow | undefined> {
    return oncePerRequest(`app:${id}`, () => this.options.apps.findById(id));
  }

  /** `admission`, for the app's row the caller has read already (undefined: no such app). */
  private async admissionTo(user: UserRow, app: AppRow | undefined, memberships?: Memberships): Promise<Admission> {
    if (!app) return 'no_access';
    const { access } = oidcSettingsOf(app);
    memberships ??= await this.options.accounts.allForUser(user.id);
    if (!mayUseApp(access, memberships)) return 'no_access';
    // the app is tied to an account by the account itself or by one of its groups
    const demandsMfa = memberships.some((m) => m.requiresMfa && (access.accounts.includes(m.accountId) || access.groups.includes(m.groupId)));
    if ((demandsMfa && !(await hasSecondFactor(this.options.db, user.id))) || (await this.options.twoFactorRequired(user))) return 'enrol_second_factor';
    return 'ok';
  }

  /**
   * The interaction the provider sent the browser to, decided for the dashboard's signed-in user
   * (null: nobody signed in). Finishes it (the browser goes back to the provider) when it can:
   * the user is let in and the app needs no consent, or has it already.
   */
  async interaction(
    req: IncomingMessage,
    res: ServerResponse,
    signedIn: { user: UserRow; session: { createdAt: string; reauthenticatedAt: string; method: string } } | null,
  ): Promise<InteractionStep> {
    const provider = this.provider;
    const details = await provider.interactionDetails(req, res);
    const clientId = String(details.params.client_id);
    if (!signedIn) return { kind: 'sign_in' };
    const { user, session } = signedIn;
    const reasons = details.prompt.reasons ?? [];
    if (details.prompt.name === 'login' && (reasons.includes('id_token_hint') || reasons.includes('claims_id_token_sub_value'))) {
      // the app asks for another user than the one signed in here: it must not get this one
      await provider.interactionFinished(req, res, { error: 'login_required', error_description: 'Another user is signed in.' }, { mergeWithLastSubmission: false });
      return { kind: 'finished' };
    }
    const app = await this.options.apps.findById(clientId);
    const admission = await this.admissionTo(user, app);
    if (admission === 'no_access') return { kind: 'no_access', appName: app?.name ?? clientId };
    if (admission === 'enrol_second_factor') return { kind: 'enrol_second_factor', appName: app?.name ?? clientId };

    const implicit = app ? oidcSettingsOf(app).consent === 'implicit' : false;
    const provedAt = Date.parse(session.reauthenticatedAt);
    if (details.prompt.name === 'login' && !this.freshEnough(provedAt, reasons, details)) return { kind: 'confirm_identity', appName: app?.name ?? clientId };
    if (details.prompt.name === 'login' || details.session?.accountId !== user.id) {
      // auth_time is when the dashboard session last proved who it is, not now
      const ts = Math.floor(provedAt / 1000);
      const amr = session.method.split('+').map((method) => AMR[method] ?? method);
      await provider.interactionFinished(req, res, { login: { accountId: user.id, ts, amr } }, { mergeWithLastSubmission: false });
      return { kind: 'finished' };
    }
    if (details.prompt.name === 'consent') {
      if (!implicit) return { kind: 'consent' };
      const grantId = await this.grant(details, user.id, clientId);
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return { kind: 'finished' };
    }
    return { kind: 'consent' };
  }

  /**
   * Whether the dashboard session proved who it is recently enough for what the app asked:
   * after the app asked (prompt=login), or within max_age seconds.
   */
  private freshEnough(provedAt: number, reasons: string[], details: { iat?: number; params: Record<string, unknown> }): boolean {
    // the library's iat is in whole seconds: a proof in the second the app asked may predate it
    const afterTheRequest = provedAt >= ((details.iat ?? 0) + 1) * 1000;
    if (reasons.includes('login_prompt') && !afterTheRequest) return false;
    const maxAge = Number(details.params.max_age);
    // a proof given since the app asked always does (max_age=0 could not be met otherwise)
    if (reasons.includes('max_age') && Number.isFinite(maxAge) && provedAt < this.options.clock.nowMs() - maxAge * 1000 && !afterTheRequest) return false;
    return true;
  }

  /** What the consent page shows: the app, and each scope in plain words. @throws 404 interaction_not_found */
  async consentDetails(uid: string, user: UserRow) {
    const interaction = await this.ownInteraction(uid, user);
    const clientId = String(interaction.params.client_id);
    const app = await this.options.apps.findById(clientId);
    if (!app) throw notFound('interaction_not_found', 'This sign-in expired. Go back to the app and start again.');
    const requested = String(interaction.params.scope ?? 'openid').split(' ').filter((s) => s in SCOPE_WORDS);
    return {
      app: { id: app.id, name: app.name, url: app.url },
      scopes: requested.map((scope) => ({ scope, description: SCOPE_WORDS[scope] as string })),
    };
  }

  /**
   * The user's answer on the consent page; returns where the browser goes next (back to the
   * provider, which sends it to the app with a code, or with access_denied).
   * @throws 404 interaction_not_found, 403 app_access_denied
   */
  async decideConsent(uid: string, user: UserRow, allow: boolean): Promise<string> {
    const interaction = await this.ownInteraction(uid, user);
    const clientId = String(interaction.params.client_id);
    if (allow && (await this.admission(user, clientId)) !== 'ok') throw forbidden('app_access_denied', 'You have no access to this app.');
    interaction.result = allow
      ? { ...interaction.lastSubmission, consent: { grantId: await this.grant(interaction, user.id, clientId) } }
      : { error: 'access_denied', error_description: 'The user did not allow the app.' };
    if (allow) {
      const scopes = String(interaction.params.scope ?? '').split(' ').filter(Boolean);
      const app = await this.options.apps.findById(clientId);
      await this.options.activity.record(this.options.db, user.id, 'app_consented', null, { appId: clientId, appName: app?.name ?? null, scopes });
    }
    await interaction.save(Math.max(1, interaction.exp - Math.floor(this.options.clock.nowMs() / 1000)));
    return interaction.returnTo;
  }

  /** The user's answer on the "no access" page: the app gets access_denied. */
  async refuse(uid: string, user: UserRow | null, reason: string): Promise<string> {
    const interaction = await this.provider.Interaction.find(uid);
    if (!interaction || (user && interaction.session?.accountId && interaction.session.accountId !== user.id)) {
      throw notFound('interaction_not_found', 'This sign-in expired. Go back to the app and start again.');
    }
    interaction.result = { error: 'access_denied', error_description: reason };
    await interaction.save(Math.max(1, interaction.exp - Math.floor(this.options.clock.nowMs() / 1000)));
    return interaction.returnTo;
  }

  private async ownInteraction(uid: string, user: UserRow) {
    const interaction = await this.provider.Interaction.find(uid);
    if (!interaction || interaction.session?.accountId !== user.id) {
      throw notFound('interaction_not_found', 'This sign-in expired. Go back to the app and start again.');
    }
    return interaction;
  }

  /** The grant of what the app asked for, kept per user and app (consent remembered until revoked). */
  private async grant(
    interaction: { grantId?: string; prompt: { details: Record<string, unknown> } },
    accountId: string,
    clientId: string,
  ): Promise<string> {
    const { Grant } = this.provider;
    const grant = (interaction.grantId ? await Grant.find(interaction.grantId) : undefined) ?? new Grant({ accountId, clientId });
    const details = interaction.prompt.details;
    const scopes = details.missingOIDCScope;
    if (Array.isArray(scopes)) grant.addOIDCScope(scopes.join(' '));
    const claims = details.missingOIDCClaims;
    if (Array.isArray(claims)) grant.addOIDCClaims(claims as string[]);
    return grant.save();
  }
}
