import { Type } from 'typebox';
import type { UserRow } from '../../db/schema.js';
import { DATE_FORMATS, LANGUAGES, THEMES } from '../users/rules.js';
import type { ProfileLocks } from './locks.js';

export const LanguageSchema = Type.Enum(LANGUAGES);
export const DateFormatSchema = Type.Enum(DATE_FORMATS);
export const ThemeSchema = Type.Enum(THEMES, { description: 'the dashboard theme: system follows the browser (prefers-color-scheme)' });

const LockReasonSchema = Type.Union([Type.Literal('admin_lock'), Type.Literal('directory'), Type.Null()]);

export const ProfileSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
  pendingEmail: Type.Union([Type.String(), Type.Null()]),
  recoveryEmail: Type.Union([Type.String(), Type.Null()], { description: 'the confirmed recovery address, where reset links go; null means the primary email' }),
  pendingRecoveryEmail: Type.Union([Type.String(), Type.Null()], { description: 'a new recovery address waiting for the link mailed to it' }),
  avatarUrl: Type.String({ description: 'uploaded avatar (256 px), else Gravatar, else initials' }),
  avatarSmallUrl: Type.String({ description: 'the same at 64 px' }),
  backgroundUrl: Type.Union([Type.String(), Type.Null()]),
  language: LanguageSchema,
  timezone: Type.String(),
  dateFormat: DateFormatSchema,
  theme: ThemeSchema,
  newsletter: Type.Boolean(),
  notifyNewSignIn: Type.Boolean({ description: 'always true: a sign-in from a browser, OS or IP never seen before is always mailed (lockdown-worthy)' }),
  notifyTokenCreated: Type.Boolean({ description: 'mail when an API token is created (may be turned off)' }),
  notifyAppPasswordCreated: Type.Boolean({ description: 'mail when an app password is created (may be turned off)' }),
  notifyPasskeyAdded: Type.Boolean({ description: 'mail when a passkey is added (may be turned off)' }),
  twoFactor: Type.Object({ totp: Type.Boolean(), passkeys: Type.Integer(), recoveryCodesLeft: Type.Integer() }),
  source: Type.Union([Type.Literal('local'), Type.Literal('ldap')]),
  editable: Type.Object({
    displayName: Type.Boolean(),
    email: Type.Boolean(),
    recoveryEmail: Type.Boolean(),
    avatar: Type.Boolean(),
    twoFactor: Type.Boolean(),
  }),
  locks: Type.Object(
    {
      displayName: LockReasonSchema,
      email: LockReasonSchema,
      recoveryEmail: LockReasonSchema,
      avatar: LockReasonSchema,
      twoFactor: LockReasonSchema,
    },
    { description: 'why each non-editable field is locked: admin_lock (the instance setting) or directory (LDAP); null when editable' },
  ),
  twoFactorSetupRequired: Type.Boolean({ description: 'the instance requires 2FA and the user has none: only enrolment works' }),
  isAdmin: Type.Boolean(),
  role: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export interface TwoFactorSummary {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

/** What the profile shows beyond the user row: pictures and the address changes awaiting confirmation. */
export interface ProfileExtras {
  pendingEmail: string | null;
  pendingRecoveryEmail: string | null;
  avatarUrl: string;
  avatarSmallUrl: string;
  backgroundUrl: string | null;
}

/** What the instance's rules say about this user's profile (ProfileService.describe). */
export interface ProfileRules {
  locks: ProfileLocks;
  gravatar: boolean;
  twoFactorSetupRequired: boolean;
}

/** What the signed-in user sees of themselves; `editable` and `locks` follow the rules. */
export function profileView(user: UserRow, extras: ProfileExtras, twoFactor: TwoFactorSummary, rules: ProfileRules) {
  const { locks } = rules;
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    email: user.email,
    pendingEmail: extras.pendingEmail,
    recoveryEmail: user.recovery_email,
    pendingRecoveryEmail: extras.pendingRecoveryEmail,
    avatarUrl: extras.avatarUrl,
    avatarSmallUrl: extras.avatarSmallUrl,
    backgroundUrl: extras.backgroundUrl,
    language: user.language as (typeof LANGUAGES)[number],
    timezone: user.timezone,
    dateFormat: user.date_format as (typeof DATE_FORMATS)[number],
    theme: user.theme as (typeof THEMES)[number],
    newsletter: user.newsletter === 1,
    notifyNewSignIn: true,
    notifyTokenCreated: user.notify_token_created === 1,
    notifyAppPasswordCreated: user.notify_app_password_created === 1,
    notifyPasskeyAdded: user.notify_passkey_added === 1,
    twoFactor,
    source: user.source,
    editable: {
      displayName: locks.displayName === null,
      email: locks.email === null,
      recoveryEmail: locks.recoveryEmail === null,
      avatar: locks.avatar === null,
      twoFactor: locks.twoFactor === null,
    },
    locks,
    twoFactorSetupRequired: rules.twoFactorSetupRequired,
    isAdmin: user.role === 'admin',
    role: user.role,
    createdAt: user.created_at,
  };
}
