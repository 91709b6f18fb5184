import type { Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';

/**
 * The tables, as Kysely sees them. Timestamps are ISO 8601 UTC strings (`2026-01-02T03:04:05.678Z`)
 * on both engines, so they sort as text and read the same everywhere; booleans are 0/1 integers.
 */
export interface Database {
  users: UsersTable;
  credentials: CredentialsTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  security_events: SecurityEventsTable;
  admin_audit: AdminAuditTable;
  auth_failures: AuthFailuresTable;
  totp_credentials: TotpCredentialsTable;
  recovery_codes: RecoveryCodesTable;
  login_tickets: LoginTicketsTable;
  api_tokens: ApiTokensTable;
  apps: AppsTable;
  app_passwords: AppPasswordsTable;
  media: MediaTable;
  mail_queue: MailQueueTable;
  email_tokens: EmailTokensTable;
  accounts: AccountsTable;
  account_groups: AccountGroupsTable;
  account_members: AccountMembersTable;
  directory_users: DirectoryUsersTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
  oidc_models: OidcModelsTable;
  oidc_keys: OidcKeysTable;
  oidc_session_links: OidcSessionLinksTable;
}

export type Role = 'user' | 'usermanager' | 'admin';

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  email: string;
  /** lower-cased email: the unique key, so uniqueness ignores case on both engines */
  email_lower: string;
  recovery_email: string | null;
  language: string;
  timezone: string;
  date_format: string;
  /** the dashboard theme: system (follows prefers-color-scheme), light or dark */
  theme: Generated<string>;
  newsletter: number;
  role: Role;
  source: 'local' | 'ldap';
  disabled: number;
  created_at: string;
  updated_at: string;
  /** 1: mail the primary address on a sign-in from a browser, OS or IP never seen before */
  notify_new_sign_in: number;
  /** 1 after a lockdown: no sign-in until a password reset through the mailed link */
  password_reset_required: number;
  /** when the newest session started (the admin users table); null: never signed in */
  last_sign_in_at: string | null;
  /** 0: the user turned this notice off in Preferences (src/mail/notice-preferences.ts) */
  notify_token_created: number;
  notify_app_password_created: number;
  notify_passkey_added: number;
  /** 1: the password is temporary (set by an administrator); the next password sign-in asks for a new one */
  must_change_password: Generated<number>;
  /** 1: invited and no password yet; setting a password (the invitation, a reset) clears it */
  invitation_pending: Generated<number>;
}

export interface CredentialsTable {
  user_id: string;
  password_hash: string;
  changed_at: string;
}

export interface SessionsTable {
  id: string;
  /** SHA-256 (hex) of the cookie value; the value itself is never stored */
  token_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ended_at: string | null;
  end_reason: string | null;
  ip: string;
  user_agent: string;
  method: string;
  reauthenticated_at: string;
  /** the passkey it was signed in with (alone or as the second factor), else null */
  passkey_id: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface SecurityEventsTable {
  id: string;
  user_id: string;
  type: string;
  created_at: string;
  ip: string | null;
  user_agent: string | null;
  /** JSON object */
  details: string;
}

/** One administrative change: actor and target are copies (id + label), kept when either is deleted. */
export interface AdminAuditTable {
  id: string;
  type: string;
  /** null: the command line or the directory sync */
  actor_id: string | null;
  actor_username: string;
  target_kind: string;
  target_id: string | null;
  target_label: string;
  created_at: string;
  ip: string | null;
  user_agent: string | null;
  /** JSON object: field -> {from, to}, or what was done */
  changes: string;
}

export interface AuthFailuresTable {
  id: string;
  /** `user:<lower username>` or `ip:<address>` */
  scope_key: string;
  created_at: string;
}

export interface TotpCredentialsTable {
  user_id: string;
  /** AES-256-GCM ciphertext of the base32 secret (key from the data dir or USERHUB_SECRET_KEY) */
  secret_ciphertext: string;
  /** null while enrolment is pending */
  confirmed_at: string | null;
  /** the last accepted 30 s step; pg returns bigint as string, so read it with Number() */
  last_used_step: number | string;
  created_at: string;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

/** A right password waiting for its second factor: single-use, short-lived, bound to the user. */
export interface LoginTicketsTable {
  id: string;
  /** SHA-256 (hex) of the ticket value; the value itself is never stored */
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  failed_attempts: number;
  /** what the ticket opens: the second step, or the new password after a temporary one */
  purpose: Generated<LoginTicketPurpose>;
  /** a password-change ticket: the sign-in method proved so far (the session's method); else null */
  sign_in_method: string | null;
}

export type LoginTicketPurpose = 'second_factor' | 'password_change';

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  scope: 'readonly' | 'readwrite';
  /** SHA-256 (hex) of the token; the token itself is never stored */
  token_hash: string;
  /** `uh_` + 4 characters: enough to tell tokens apart, useless to an attacker */
  prefix: string;
  created_at: string;
  expires_at: string | null;
  /** written at most once a minute per token */
  last_used_at: string | null;
  last_used_ip: string | null;
}

export interface AppsTable {
  id: string;
  name: string;
  url: string | null;
  /** SHA-256 (hex) of the app secret */
  secret_hash: string;
  secret_prefix: string;
  secret_rotated_at: string;
  created_at: string;
  updated_at: string;
  /** JSON arrays of exact URIs; an app with a redirect URI is an OpenID Connect client */
  redirect_uris: Generated<string>;
  post_logout_redirect_uris: Generated<string>;
  backchannel_logout_uri: string | null;
  /** 1: keeps its secret (client_secret_basic/post); 0: public, PKCE only */
  confidential: Generated<number>;
  consent: Generated<'required' | 'implicit'>;
  /** JSON {accounts?: string[], groups?: string[]}; empty: everyone */
  access: Generated<string>;
}

/** What oidc-provider persists, one row per model instance. */
export interface OidcModelsTable {
  kind: string;
  id: string;
  payload: string;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  account_id: string | null;
  expires_at: string | null;
  consumed_at: string | null;
  last_used_at: Generated<string | null>;
}

/** An app sign-in (the provider's session) and the dashboard session it ran under. */
export interface OidcSessionLinksTable {
  provider_session_id: string;
  session_id: string;
  user_id: string;
  created_at: string;
}

export interface OidcKeysTable {
  kid: string;
  alg: string;
  /** SecretBox-sealed private JWK */
  private_jwk: string;
  created_at: string;
  retired_at: string | null;
}

export type AccountType = 'vendor' | 'distributor' | 'reseller';

export interface AccountsTable {
  id: string;
  name: string;
  /** lower-cased name: the unique key */
  name_lower: string;
  type: AccountType;
  requires_mfa: number;
  created_at: string;
  updated_at: string;
}

export interface AppPasswordsTable {
  id: string;
  user_id: string;
  app_id: string;
  name: string;
  /** SHA-256 (hex) of the normalised password */
  password_hash: string;
  created_at: string;
  last_used_at: string | null;
  last_used_ip: string | null;
}

export interface MediaTable {
  /** opaque, random: the public URL is /api/v1/media/<id> */
  id: string;
  user_id: string;
  purpose: 'avatar' | 'avatar_small' | 'background';
  storage_key: string;
  width: number;
  height: number;
  bytes: number;
  created_at: string;
}

export interface MailQueueTable {
  id: string;
  recipient: string;
  template: string;
  /** SecretBox-sealed JSON of the rendered message */
  payload: string;
  status: 'pending' | 'dead';
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
}

export interface EmailTokensTable {
  id: string;
  user_id: string;
  purpose: 'password_reset' | 'email_confirm' | 'email_undo' | 'recovery_email_confirm' | 'recovery_email_undo' | 'lockdown' | 'invitation';
  /** SHA-256 (hex) of the token; the token itself only travels in the mail */
  token_hash: string;
  email: string | null;
  attempts: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AccountGroupsTable {
  id: string;
  account_id: string;
  name: string;
  name_lower: string;
  created_at: string;
}

/** One row per (account, user): a user is in at most one group of an account. */
export interface AccountMembersTable {
  account_id: string;
  user_id: string;
  group_id: string;
  created_at: string;
}

/** The link between a `source: ldap` user and their directory entry. */
export interface DirectoryUsersTable {
  user_id: string;
  /** the directory's stable id of the entry (entryUUID by default) */
  external_id: string;
  dn: string;
  synced_at: string;
  /** 1 when a sync disabled the user because the entry was gone; a later sync re-enables them */
  disabled_by_sync: number;
}

export type Db = Kysely<Database>;
/** A query executor: the database itself or an open transaction. Stores accept either. */
export type Executor = Kysely<Database> | Transaction<Database>;

/** A WebAuthn credential (passkey) of a user. */
export interface PasskeysTable {
  id: string;
  user_id: string;
  credential_id: string;
  public_key: string;
  /** pg returns bigint as string, so read it with Number() */
  counter: number | string;
  /** JSON array of AuthenticatorTransport */
  transports: string;
  aaguid: string;
  backed_up: number;
  device_type: 'singleDevice' | 'multiDevice';
  user_handle: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

export type ChallengePurpose = 'registration' | 'sign_in' | 'second_factor' | 'reauthenticate';

/** A WebAuthn challenge waiting for its answer: single-use, short-lived. */
export interface WebauthnChallengesTable {
  id: string;
  challenge: string;
  purpose: ChallengePurpose;
  user_id: string | null;
  /** the session (registration, re-authentication) or login ticket (second factor) it belongs to */
  binding: string | null;
  /** registration only: the user handle the new credential is made with */
  user_handle: string | null;
  created_at: string;
  expires_at: string;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type SecurityEventRow = Selectable<SecurityEventsTable>;
export type AdminAuditRow = Selectable<AdminAuditTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AppRow = Selectable<AppsTable>;
export type AppPasswordRow = Selectable<AppPasswordsTable>;
export type MediaRow = Selectable<MediaTable>;
export type MailQueueRow = Selectable<MailQueueTable>;
/** A mailed link (reset, address confirmation, undo): the `email_tokens` table. */
export type MailLinkRow = Selectable<EmailTokensTable>;
export type AccountRow = Selectable<AccountsTable>;
export type AccountGroupRow = Selectable<AccountGroupsTable>;
export type DirectoryUserRow = Selectable<DirectoryUsersTable>;
export type PasskeyRow = Selectable<PasskeysTable>;
export type ChallengeRow = Selectable<WebauthnChallengesTable>;
