/** Shapes of the public API (see DESIGN.md); fields the server may add later are optional here. */

export const LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export type Role = 'user' | 'usermanager' | 'admin';
export type LockReason = 'admin_lock' | 'directory';
export type EditableField = 'displayName' | 'email' | 'recoveryEmail' | 'avatar' | 'twoFactor';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Profile {
  id: string;
  username: string;
  displayName: string;
  email: string;
  pendingEmail?: string | null;
  /** a new recovery address waiting for its confirmation link */
  pendingRecoveryEmail?: string | null;
  recoveryEmail: string | null;
  avatarUrl: string;
  backgroundUrl: string | null;
  language: Language;
  timezone: string;
  dateFormat: DateFormat;
  newsletter: boolean;
  notifyNewSignIn?: boolean;
  twoFactor: { totp: boolean; passkeys: number; recoveryCodesLeft: number };
  source: 'local' | 'ldap';
  editable: Record<EditableField, boolean>;
  /** why a field is not editable; absent fields fall back to the source (ldap → directory) */
  locks?: Partial<Record<EditableField, LockReason | null>>;
  twoFactorSetupRequired?: boolean;
  avatarSmallUrl?: string;
  isAdmin: boolean;
  role?: Role;
  createdAt: string;
}

export type LoginResponse =
  | { status: 'ok'; user: { id: string; username: string } }
  | { status: 'second_factor_required'; ticket: string; methods: string[] };

export interface Session {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  endedAt: string | null;
  endReason: string | null;
  ip: string;
  userAgent: string;
  browser: string | null;
  os: string | null;
  method: string;
}

export interface SecurityEvent {
  id: string;
  type: string;
  createdAt: string;
  ip: string | null;
  browser: string | null;
  os: string | null;
  details: Record<string, unknown>;
}

export interface TotpSetup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

export interface ApiToken {
  id: string;
  name: string;
  scope: 'readonly' | 'readwrite';
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  expired?: boolean;
}

export interface App {
  id: string;
  name: string;
  url?: string | null;
  createdAt?: string;
}

export interface AppPassword {
  id: string;
  name: string;
  appId: string;
  appName?: string;
  app?: { id: string; name: string };
  createdAt: string;
  lastUsedAt: string | null;
}

export type AccountType = 'vendor' | 'distributor' | 'reseller';

export interface Group {
  id: string;
  name: string;
  memberCount?: number;
}

export interface Membership {
  account: { id: string; name: string; type: AccountType };
  group: Group | string | null;
  requiresMfa: boolean;
  mfaSatisfied: boolean;
}

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  email: string;
  recoveryEmail: string | null;
  role: Role;
  isAdmin: boolean;
  disabled: boolean;
  source: 'local' | 'ldap';
  createdAt: string;
  twoFactor?: { totp: boolean } | boolean;
}

export interface AdminAccount {
  id: string;
  name: string;
  type: AccountType;
  requiresMfa: boolean;
  createdAt?: string;
  memberCount?: number;
}

export interface AccountMember {
  userId: string;
  username?: string;
  displayName?: string;
  email?: string;
  groupId: string;
  groupName?: string;
  user?: { id: string; username: string; displayName?: string; email?: string };
  group?: Group;
}

export interface Settings {
  profilesLocked: boolean;
  gravatar: boolean;
  mandatoryTwoFactor?: boolean;
  passwordMinLength?: number;
  maxTokenLifetimeDays?: number | null;
  passwordPolicy?: { minLength?: number };
  /** active users without a second factor (mandatory 2FA stops them until they enrol) */
  usersWithoutTwoFactor?: number;
  [key: string]: unknown;
}

export interface DirectoryConfig {
  enabled: boolean;
  url: string;
  bindDn: string;
  /** the bind password is never sent back; this says whether one is stored */
  bindPasswordSet?: boolean;
  baseDn: string;
  userFilter: string;
  attributes: { username: string; email: string; displayName: string };
  providesTwoFactor: boolean;
  syncIntervalMinutes: number;
}

export interface SyncReport {
  trigger: string;
  startedAt: string;
  finishedAt: string;
  found: number;
  created: number;
  updated: number;
  enabled: number;
  disabled: number;
  unchanged: number;
  skipped: { dn: string; username: string | null; reason: string }[];
}

export interface DirectoryState {
  config: DirectoryConfig | null;
  lastSync: { trigger: string; startedAt: string; finishedAt: string; ok: boolean; error: string | null; report: SyncReport | null } | null;
}
