import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { SESSION_COOKIE } from '../../http/session-cookie.js';
import { constantTimeEqual, sha256Hex } from '../../lib/secrets.js';
import { escapeHtml } from '../../mail/render.js';
import { type ClientSource, kyselyAdapter } from './adapter.js';
import { OIDC_CLAIMS, OIDC_SCOPES } from './claims.js';
import type { SigningKeys } from './keys.js';

/** Where the provider's endpoints live (the issuer is the origin; discovery at /.well-known). */
export const OIDC_ROUTES = {
  authorization: '/oidc/auth',
  token: '/oidc/token',
  userinfo: '/oidc/me',
  jwks: '/oidc/jwks',
  end_session: '/oidc/session/end',
  introspection: '/oidc/token/introspection',
  revocation: '/oidc/token/revocation',
  backchannel_authentication: '/oidc/backchannel',
  code_verification: '/oidc/device',
  device_authorization: '/oidc/device/auth',
  pushed_authorization_request: '/oidc/request',
  registration: '/oidc/reg',
  challenge: '/oidc/challenge',
} as const;

export const INTERACTION_PATH = '/oidc/interaction';

/** What the provider needs to know about a user. */
export interface AccountSource {
  /**
   * The user as an app sees them (their claims, read when the library asks), or undefined when
   * they may not use apps now (unknown, disabled) or, with `clientId`, may not use that app.
   */
  accountFor(userId: string, clientId: string | null): Promise<{ claims(): Promise<Record<string, unknown>> } | undefined>;
}

export interface OidcProviderOptions {
  issuer: string;
  db: Db;
  clock: Clock;
  keys: SigningKeys;
  clients: ClientSource;
  accounts: AccountSource;
  /** keys for the provider's own cookies (interaction, session), from the instance secret */
  cookieKeys: string[];
  secureCookies: boolean;
  /** whether the provider may call this URL (back-channel logout): only what an admin registered */
  allowFetch(url: string): Promise<boolean>;
  /** whether the user may sign in to the app now (access rule, MFA rules) */
  admits(userId: string, clientId: string): Promise<boolean>;
  /** the user of the dashboard session behind this cookie value, or null */
  dashboardUser(sessionCookie: string | undefined): Promise<string | null>;
}

/** How long things live (seconds). */
const TTL = {
  AccessToken: 3600,
  AuthorizationCode: 60,
  IdToken: 3600,
  Interaction: 600,
  RefreshToken: 30 * 24 * 3600,
  Session: 14 * 24 * 3600,
  Grant: 365 * 24 * 3600,
};

/**
 * oidc-provider (panva's certified OpenID provider) configured for Userhub: authorization code
 * with PKCE (required for public clients), refresh tokens with rotation for `offline_access`,
 * userinfo, introspection and revocation, RP-initiated and back-channel logout; no dynamic
 * registration, no client credentials, no built-in dev interactions (our sign-in is the
 * dashboard's).
 */
export function createOidcProvider(options: OidcProviderOptions): Provider {
  const configuration: Configuration = {
    adapter: kyselyAdapter(options.db, options.clock, options.clients),
    jwks: { keys: options.keys.keys },
    routes: OIDC_ROUTES,
    scopes: [...OIDC_SCOPES],
    claims: Object.fromEntries(Object.entries(OIDC_CLAIMS).map(([scope, claims]) => [scope, [...claims]])),
    cookies: {
      keys: options.cookieKeys,
      long: { secure: options.secureCookies, sameSite: 'lax' },
      short: { secure: options.secureCookies, sameSite: 'lax' },
    },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      backchannelLogout: { enabled: true },
      clientCredentials: { enabled: false },
      registration: { enabled: false },
    },
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}` },
    findAccount: async (_ctx, sub, token) => {
      // every use of a code, refresh or access token re-checks that the user may use that app
      const clientId = token && 'clientId' in token ? (token.clientId as string | undefined) : undefined;
      const account = await options.accounts.accountFor(sub, clientId ?? null);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ ...(await account.claims()), sub }) };
    },
    // a remembered consent is used only while the user may still use the app: otherwise the
    // authorization goes through our interaction again, which refuses or sends to enrolment
    loadExistingGrant: async (ctx) => {
      const clientId = ctx.oidc.client?.clientId;
      const grantId = ctx.oidc.result?.consent?.grantId ?? (clientId ? ctx.oidc.session?.grantIdFor(clientId) : undefined);
      if (!grantId || !clientId) return undefined;
      const accountId = ctx.oidc.session?.accountId;
      if (!ctx.oidc.result) {
        // the browser's dashboard session must still be this user's (it may have ended, or another
        // user signed in since), and the user still admitted
        if (!accountId || (await options.dashboardUser(ctx.cookies.get(SESSION_COOKIE))) !== accountId) return undefined;
        if (!(await options.admits(accountId, clientId))) return undefined;
      }
      return ctx.oidc.provider.Grant.find(grantId);
    },
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    rotateRefreshToken: true,
    // many apps read preferred_username and email from the ID token only: it carries every
    // claim of the granted scopes, not only those the spec requires there
    conformIdTokenClaims: false,
    ttl: TTL,
    clientDefaults: { id_token_signed_response_alg: 'ES256', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] },
    // the library blocks private addresses; we allow exactly the registered back-channel URIs
    // (an app on the same network is normal here) and nothing else, public or not
    fetch: async (input: string | URL | Request, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!(await options.allowFetch(url))) throw new Error('not a registered back-channel logout URI');
      const { dispatcher: _ssrfGuard, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
      return fetch(url, rest);
    },
    renderError: async (ctx: KoaContextWithOIDC, out: { error: string; error_description?: string | undefined }) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
  };
  const provider = new Provider(options.issuer, configuration);
  // an app secret is stored as its SHA-256 only: the client's registered secret is that hash
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: { clientSecret?: string }, actual: string) {
    return typeof this.clientSecret === 'string' && constantTimeEqual(this.clientSecret, sha256Hex(actual));
  };
  return provider;
}

/** The page a browser sees when an authorization request cannot go back to the app (a bad redirect URI, an unknown client). */
function errorPage(out: { error: string; error_description?: string | undefined }): string {
  const error = escapeHtml(out.error);
  const description = escapeHtml(out.error_description ?? '');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Sign-in error</title></head><body><main><h1>This sign-in cannot continue</h1><p>${description}</p><p><code>${error}</code></p><p><a href="/">Back to your account</a></p></main></body></html>`;
}
