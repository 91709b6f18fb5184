import type { AppRow } from '../../db/schema.js';
import { atField, badRequest } from '../../http/problem.js';

/** Who may use an app: members of these accounts or groups; both empty means everyone. */
export interface AppAccess {
  accounts: string[];
  groups: string[];
}

/** An app's OpenID Connect settings as the admin API shows and takes them. */
export interface OidcSettings {
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  confidential: boolean;
  consent: 'required' | 'implicit';
  access: AppAccess;
}

export type OidcSettingsInput = Partial<Omit<OidcSettings, 'access'>> & { access?: Partial<AppAccess> };

const MAX_URIS = 20;
const URI_MAX_LENGTH = 2048;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A redirect (or logout) URI as registered: absolute, no fragment, no credentials; https, or
 * http on a loopback host only (native apps and development). Matched exactly later.
 * @throws 400 invalid_redirect_uri
 */
function checkUri(value: string): string {
  const refuse = () => badRequest('invalid_redirect_uri', `Not a valid redirect URI: use https (http only on localhost), no fragment: ${value.slice(0, 100)}`);
  // eslint-disable-next-line no-control-regex
  if (value.length > URI_MAX_LENGTH || /[\u0000-\u0020\u007f]/.test(value)) throw refuse();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse();
  }
  if (url.hash || url.username || url.password) throw refuse();
  if (url.protocol === 'https:') return value;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return value;
  throw refuse();
}

/** The URIs of the request field `field`; a bad one names `field.<index>`. */
function checkUris(values: string[], field: string): string[] {
  if (values.length > MAX_URIS) throw badRequest('invalid_redirect_uri', `At most ${MAX_URIS} URIs.`).forField(field);
  return [...new Set(values.map((value, index) => atField(`${field}.${index}`, () => checkUri(value))))];
}

function ids(values: string[] | undefined): string[] {
  return [...new Set((values ?? []).map((v) => v.trim()).filter((v) => v !== ''))].slice(0, 100);
}

/** The row's columns for a change of OIDC settings (only what the input names). */
export function oidcColumns(input: OidcSettingsInput, current?: AppRow): Partial<AppRow> {
  const patch: Partial<AppRow> = {};
  if (input.redirectUris !== undefined) patch.redirect_uris = JSON.stringify(checkUris(input.redirectUris, 'redirectUris'));
  if (input.postLogoutRedirectUris !== undefined) patch.post_logout_redirect_uris = JSON.stringify(checkUris(input.postLogoutRedirectUris, 'postLogoutRedirectUris'));
  // stored as the library will call it (new URL().href), so the allow-list compares like with like
  if (input.backchannelLogoutUri !== undefined) patch.backchannel_logout_uri = input.backchannelLogoutUri === null ? null : new URL(atField('backchannelLogoutUri', () => checkUri(input.backchannelLogoutUri as string))).href;
  if (input.confidential !== undefined) patch.confidential = input.confidential ? 1 : 0;
  if (input.consent !== undefined) patch.consent = input.consent;
  if (input.access !== undefined) {
    const before = current ? oidcSettingsOf(current).access : { accounts: [], groups: [] };
    patch.access = JSON.stringify({ accounts: ids(input.access.accounts ?? before.accounts), groups: ids(input.access.groups ?? before.groups) });
  }
  return patch;
}

export function oidcSettingsOf(row: AppRow): OidcSettings {
  const access = JSON.parse(row.access) as Partial<AppAccess>;
  return {
    redirectUris: JSON.parse(row.redirect_uris) as string[],
    postLogoutRedirectUris: JSON.parse(row.post_logout_redirect_uris) as string[],
    backchannelLogoutUri: row.backchannel_logout_uri,
    confidential: row.confidential === 1,
    consent: row.consent,
    access: { accounts: access.accounts ?? [], groups: access.groups ?? [] },
  };
}

/** An app is an OpenID Connect client once it has a redirect URI. */
export function isOidcClient(row: AppRow): boolean {
  return oidcSettingsOf(row).redirectUris.length > 0;
}

/** The one rule of who may use an app. */
export function mayUseApp(access: AppAccess, memberships: { accountId: string; groupId: string }[]): boolean {
  if (access.accounts.length === 0 && access.groups.length === 0) return true;
  return memberships.some((m) => access.accounts.includes(m.accountId) || access.groups.includes(m.groupId));
}

/**
 * The client metadata oidc-provider reads for an app (its `id` is the client_id). A confidential
 * client's secret is the app secret; only its SHA-256 is stored, so the provider compares hashes
 * (see oidc/provider.ts).
 */
export function clientMetadataOf(row: AppRow): Record<string, unknown> | undefined {
  const settings = oidcSettingsOf(row);
  if (settings.redirectUris.length === 0) return undefined;
  return {
    client_id: row.id,
    client_name: row.name,
    ...(row.url ? { client_uri: row.url } : {}),
    redirect_uris: settings.redirectUris,
    post_logout_redirect_uris: settings.postLogoutRedirectUris,
    ...(settings.backchannelLogoutUri ? { backchannel_logout_uri: settings.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: settings.confidential ? 'client_secret_basic' : 'none',
    ...(settings.confidential ? { client_secret: row.secret_hash } : {}),
    id_token_signed_response_alg: 'ES256',
  };
}
