import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Db, UserRow } from '../../db/schema.js';
import { forbidden, notFound } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { AccountService } from '../accounts/service.js';
import { mayUseApp, oidcSettingsOf } from '../apps/oidc-settings.js';
import type { AppService } from '../apps/service.js';
import type { MediaService } from '../media/service.js';
import { hasSecondFactor } from '../twofactor/status.js';
import type { UserService } from '../users/service.js';
import { claimsOf } from './claims.js';
import { OidcKeyStore } from './keys.js';
import { createOidcProvider } from './provider.js';
import * as store from './store.js';

/** Where the browser goes next from an interaction. */
export type InteractionStep =
  | { kind: 'sign_in' }
  | { kind: 'no_access'; appName: string }
  | { kind: 'enrol_second_factor' }
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
  apps: Pick<AppService, 'findById' | 'clientMetadata'>;
  /** whether the instance's mandatory-2FA rule stops this user until they enrol */
  twoFactorRequired(user: UserRow): Promise<boolean>;
}

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
  private readonly keyStore: OidcKeyStore;

  constructor(private readonly options: OidcServiceOptions) {
    this.keyStore = new OidcKeyStore(options.db, options.secretBox, options.clock);
  }

  /** Loads (or on the first start makes) the signing keys and builds the provider. */
  async start(): Promise<Provider> {
    if (this.providerInstance) return this.providerInstance;
    const keys = await this.keyStore.load();
    this.providerInstance = createOidcProvider({
      issuer: this.options.origin,
      db: this.options.db,
      clock: this.options.clock,
      keys,
      clients: this.options.apps,
      accounts: { claimsFor: (userId) => this.claimsFor(userId) },
      cookieKeys: [this.options.secretBox.derive('oidc-provider-cookies')],
      secureCookies: this.options.secureCookies,
    });
    return this.providerInstance;
  }

  get provider(): Provider {
    if (!this.providerInstance) throw new Error('OidcService.start() first');
    return this.providerInstance;
  }

  /** Housekeeping: forget what the provider stored past its expiry. */
  async sweep(): Promise<void> {
    await store.deleteExpiredModels(this.options.db, iso(this.options.clock.now()));
  }

  rotateKeys(): Promise<string[]> {
    return this.keyStore.rotate();
  }

  /** The user's claims for apps, or undefined when they may not sign in to apps now. */
  async claimsFor(userId: string): Promise<Record<string, unknown> | undefined> {
    const user = await this.options.users.findById(userId);
    if (!user || user.disabled === 1) return undefined;
    const memberships = await this.options.accounts.allForUser(user.id);
    const images = await this.options.media.imagesFrom(user, await this.options.media.newestImages(user.id));
    const picture = new URL(images.avatarUrl, this.options.origin).toString();
    return claimsOf(user, memberships, picture);
  }

  /**
   * Whether `user` may sign in to the app: its access rule (accounts, groups), then the MFA rules
   * (an account the app is tied to that requires MFA, the instance's mandatory 2FA).
   */
  async admission(user: UserRow, appId: string): Promise<'ok' | 'no_access' | 'enrol_second_factor'> {
    const app = await this.options.apps.findById(appId);
    if (!app) return 'no_access';
    const { access } = oidcSettingsOf(app);
    const memberships = await this.options.accounts.allForUser(user.id);
    if (!mayUseApp(access, memberships)) return 'no_access';
    const demandsMfa = memberships.some((m) => m.requiresMfa && access.accounts.includes(m.accountId));
    if ((demandsMfa && !(await hasSecondFactor(this.options.db, user.id))) || (await this.options.twoFactorRequired(user))) return 'enrol_second_factor';
    return 'ok';
  }

  /**
   * The interaction the provider sent the browser to, decided for the dashboard's signed-in user
   * (null: nobody signed in). Finishes it (the browser goes back to the provider) when it can:
   * the user is let in and the app needs no consent, or has it already.
   */
  async interaction(req: IncomingMessage, res: ServerResponse, user: UserRow | null): Promise<InteractionStep> {
    const provider = this.provider;
    const details = await provider.interactionDetails(req, res);
    const clientId = String(details.params.client_id);
    if (!user) return { kind: 'sign_in' };
    const admission = await this.admission(user, clientId);
    if (admission === 'no_access') {
      const app = await this.options.apps.findById(clientId);
      return { kind: 'no_access', appName: app?.name ?? clientId };
    }
    if (admission === 'enrol_second_factor') return { kind: 'enrol_second_factor' };

    const app = await this.options.apps.findById(clientId);
    const implicit = app ? oidcSettingsOf(app).consent === 'implicit' : false;
    if (details.prompt.name === 'login' || details.session?.accountId !== user.id) {
      await provider.interactionFinished(req, res, { login: { accountId: user.id } }, { mergeWithLastSubmission: false });
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
