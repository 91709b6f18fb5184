import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';

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
  auth_failures: AuthFailuresTable;
  totp_credentials: TotpCredentialsTable;
  recovery_codes: RecoveryCodesTable;
  accounts: AccountsTable;
  account_groups: AccountGroupsTable;
  account_members: AccountMembersTable;
  directory_users: DirectoryUsersTable;
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
  newsletter: number;
  role: Role;
  source: 'local' | 'ldap';
  disabled: number;
  created_at: string;
  updated_at: string;
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

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type SecurityEventRow = Selectable<SecurityEventsTable>;
export type AccountRow = Selectable<AccountsTable>;
export type AccountGroupRow = Selectable<AccountGroupsTable>;
export type DirectoryUserRow = Selectable<DirectoryUsersTable>;
