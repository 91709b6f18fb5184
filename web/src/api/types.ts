/**
 * Shapes of the public API, looked up by path in the types generated from the server's OpenAPI
 * document (web/src/api/openapi.d.ts, written by `npm run gen:api`; build:web, dev and lint run
 * it first). Nothing here is copied by hand: a field the server renames or drops breaks
 * `tsc -p web/tsconfig.json`, not a page.
 */
import type { components, paths } from './openapi';
import type { DashboardProblem } from '../lib/dashboard-problems';
import type { PublicKeyCredentialRequestOptionsJSON } from '../lib/webauthn';
import { LANGUAGES as SERVER_LANGUAGES } from '../../../src/lib/languages.js';

type V1 = keyof paths extends infer Key ? (Key extends `/api/v1${infer Rest}` ? Rest : never) : never;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends V1, M extends Method> = NonNullable<paths[`/api/v1${P}`][M]>;
type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON body answered with status `S` to `M /api/v1<P>` (P as in the OpenAPI document: `/tokens/{id}`). */
export type ResponseOf<P extends V1, M extends Method, S extends number = 200> = JsonOf<Operation<P, M>['responses'][S & keyof Operation<P, M>['responses']]>;
/** The JSON request body of `M /api/v1<P>`. */
export type BodyOf<P extends V1, M extends Method> = JsonOf<NonNullable<Operation<P, M>['requestBody']>>;
/** The query parameters of `M /api/v1<P>`. */
export type QueryOf<P extends V1, M extends Method = 'get'> = NonNullable<Operation<P, M>['parameters']['query']>;
/** One row of the list `GET /api/v1<P>` answers (`{items, nextCursor}`). */
type ItemOf<P extends V1> = ResponseOf<P, 'get'> extends { items: (infer Item)[] } ? Item : never;

/** Every API list answers one page: `nextCursor` is null on the last one. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A problem code the server sends (the catalogue, as an enum in the OpenAPI document). */
export type ProblemCode = components['schemas']['Problem']['code'];
/**
 * RFC 9457 problem details, as every route declares them for its errors (application/problem+json);
 * `code` also covers the few the dashboard makes up itself when there is no answer.
 */
/** The `code` of an entry of a problem's `errors`: a schema failure (`required`, `too_long`, …) or a problem code. */
export type FieldErrorCode = NonNullable<components['schemas']['Problem']['errors']>[number]['code'];
export type Problem = Pick<components['schemas']['Problem'], 'type' | 'title' | 'status' | 'detail'> & { code: ProblemCode | DashboardProblem; [extension: string]: unknown };

export type Profile = ResponseOf<'/profile', 'get'>;
export type TwoFactorReset = ResponseOf<'/admin/users/{id}/twofactor/reset', 'post'>;
export type ProfilePatch = BodyOf<'/profile', 'patch'>;
export type Language = Profile['language'];
export type DateFormat = Profile['dateFormat'];
export type EditableField = keyof Profile['editable'];
export type LockReason = NonNullable<Profile['locks'][EditableField]>;
export type PictureKind = 'avatar' | 'background';

/** Lists a union's members once each, in the order the UI shows them; `tsc` fails when one is missing. */
const allOf =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : { missing: Exclude<T, L[number]> })) =>
    list;

/** The dashboard's languages, in the picker's order: the server's list (one owner), checked against the API's. */
export const LANGUAGES = allOf<Language>()(SERVER_LANGUAGES);
export type Theme = Profile['theme'];
export const THEMES = allOf<Theme>()(['system', 'light', 'dark']);
export const DATE_FORMATS = allOf<DateFormat>()(['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY']);

export type LoginResponse = ResponseOf<'/auth/login', 'post'>;
export type LoginMethod = Extract<LoginResponse, { status: 'second_factor_required' }>['methods'][number];
export type PasswordResetConfirm = BodyOf<'/auth/password-reset/confirm', 'post'>;
export type SecondFactor = BodyOf<'/auth/login/second-factor', 'post'>;
export type SecondFactorResponse = ResponseOf<'/auth/login/second-factor', 'post'>;
export type PasswordChange = BodyOf<'/auth/login/password-change', 'post'>;
export type SignedIn = ResponseOf<'/auth/login/password-change', 'post'>;
export type Reauthentication = BodyOf<'/auth/reauthenticate', 'post'>;

/** A passkey as listed; `credentialId` and `userHandle` are the WebAuthn ones, for the browser's signal API. */
export type Passkey = ItemOf<'/profile/passkeys'>;
export type NewPasskey = BodyOf<'/profile/passkeys/registration', 'post'>;
/** The server passes the WebAuthn options through as the browser takes them (the document says only "object"). */
export type PasskeyLoginOptions = Omit<ResponseOf<'/auth/passkey/options', 'post'>, 'options'> & { options: PublicKeyCredentialRequestOptionsJSON };
export type PasskeyLogin = BodyOf<'/auth/passkey', 'post'>;

export type Session = ItemOf<'/sessions'>;
export type SessionState = NonNullable<QueryOf<'/sessions'>['state']>;
export type SecurityEvent = ItemOf<'/profile/events'>;

export type TotpSetup = ResponseOf<'/profile/twofactor/totp/setup', 'post'>;
export type RecoveryCodes = ResponseOf<'/profile/twofactor/recovery-codes', 'post'>;

export type ApiToken = ItemOf<'/tokens'>;
export type TokenScope = ApiToken['scope'];
export type NewToken = BodyOf<'/tokens', 'post'>;
export type CreatedToken = ResponseOf<'/tokens', 'post', 201>;
/** The admin cap on token lifetime, for the token form. */
export type TokenPolicy = ResponseOf<'/tokens/policy', 'get'>;
/** The lengths a new password must have (public: the reset and invitation pages ask it too). */
export type PasswordPolicy = ResponseOf<'/auth/password-policy', 'get'>;

export type App = ItemOf<'/apps'>;
export type AppPassword = ItemOf<'/app-passwords'>;
export type NewAppPassword = BodyOf<'/app-passwords', 'post'>;
export type CreatedAppPassword = ResponseOf<'/app-passwords', 'post', 201>;

export type Membership = ItemOf<'/accounts'>;
export type AccountType = Membership['account']['type'];
export const ACCOUNT_TYPES = allOf<AccountType>()(['vendor', 'distributor', 'reseller']);

export type AdminUser = ItemOf<'/admin/users'>;
export type Role = AdminUser['role'];
export const ROLES = allOf<Role>()(['user', 'usermanager', 'admin']);
export type NewUser = BodyOf<'/admin/users', 'post'>;
export type CreatedUser = ResponseOf<'/admin/users', 'post', 201>;
export type UserPatch = BodyOf<'/admin/users/{id}', 'patch'>;

export type AdminAccount = ItemOf<'/admin/accounts'>;
export type AccountInput = BodyOf<'/admin/accounts', 'post'>;
export type Group = ItemOf<'/admin/accounts/{id}/groups'>;
export type AccountMember = ItemOf<'/admin/accounts/{id}/members'>;
export type AdminAccountDetail = ResponseOf<'/admin/accounts/{id}', 'get'>;

export type AdminApp = ItemOf<'/admin/apps'>;
export type NewApp = BodyOf<'/admin/apps', 'post'>;
export type CreatedApp = ResponseOf<'/admin/apps', 'post', 201>;
export type RotatedSecret = ResponseOf<'/admin/apps/{id}/secret', 'post'>;
export type AppPatch = BodyOf<'/admin/apps/{id}', 'patch'>;
export type AppConsent = AdminApp['consent'];

/** Single sign-on: what an app asks for on the consent page, and where the browser goes next. */
export type OidcInteraction = ResponseOf<'/oidc/interactions/{uid}', 'get'>;
export type OidcScope = OidcInteraction['scopes'][number];
export type OidcConsent = BodyOf<'/oidc/interactions/{uid}/consent', 'post'>;
export type OidcRedirect = ResponseOf<'/oidc/interactions/{uid}/consent', 'post'>;
/** An app the user signed in to with this account, and the scopes it was allowed. */
export type ConnectedApp = ItemOf<'/profile/connected-apps'>;

export type Settings = ResponseOf<'/admin/settings', 'get'>;
export type SettingsPatch = BodyOf<'/admin/settings', 'patch'>;
/** One of the users `usersWithoutTwoFactor` counts. */
export type UserWithoutTwoFactor = ItemOf<'/admin/settings/users-without-twofactor'>;

export type DirectoryState = ResponseOf<'/admin/directory', 'get'>;
export type DirectoryConfig = NonNullable<DirectoryState['config']>;
export type DirectoryInput = BodyOf<'/admin/directory', 'put'>;
export type DirectoryTest = ResponseOf<'/admin/directory/test', 'post'>;
export type SyncReport = ResponseOf<'/admin/directory/sync', 'post'>;
export type LockdownResult = ResponseOf<'/auth/lockdown', 'post'>;

/** The admin users table: its filters and sorts, and one user's page. */
export type UserTableQuery = QueryOf<'/admin/users'>;
export type UserSort = NonNullable<UserTableQuery['sort']>;
export type AdminUserDetail = ResponseOf<'/admin/users/{id}', 'get'>;
export type AdminUserSession = ResponseOf<'/admin/users/{id}/sessions', 'get'>['items'][number];
export type AdminUserMembership = ResponseOf<'/admin/users/{id}/memberships', 'get'>['items'][number];
/** One entry of the admin audit. */
export type AuditEntry = ItemOf<'/admin/audit'>;
export type AuditType = AuditEntry['type'];
export const AUDIT_TYPES = allOf<AuditType>()([
  'user_created', 'user_invited', 'user_updated', 'user_disabled', 'user_enabled', 'user_deleted', 'user_twofactor_reset', 'user_sessions_ended',
  'user_password_reset_sent', 'user_locked_down', 'settings_updated', 'account_created', 'account_updated', 'account_deleted', 'group_created',
  'group_renamed', 'group_deleted', 'member_added', 'member_moved', 'member_removed', 'app_created', 'app_updated', 'app_secret_rotated',
  'app_deleted', 'directory_configured', 'directory_removed', 'directory_synced',
]);
/** The timeline's filter. */
export type EventKind = NonNullable<QueryOf<'/profile/events'>['kind']>;
export const EVENT_KINDS = allOf<EventKind>()(['sign_ins', 'security', 'email', 'credentials', 'apps', 'profile']);
