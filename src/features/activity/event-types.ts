/** Every kind of event a user can see in their activity. */
export const EVENT_TYPES = [
  'account_created',
  'sign_in_succeeded',
  'sign_in_failed',
  'second_factor_failed',
  'password_changed',
  'email_changed',
  'email_change_requested',
  'email_change_undone',
  'password_reset_requested',
  'password_reset_completed',
  'profile_updated',
  'session_revoked',
  'twofactor_enabled',
  'twofactor_disabled',
  'twofactor_reset_by_admin',
  'recovery_code_used',
  'recovery_codes_regenerated',
  'passkey_added',
  'passkey_renamed',
  'passkey_deleted',
  'app_signed_in',
  'app_consented',
  'app_revoked',
  'token_created',
  'token_first_used',
  'token_revoked',
  'app_password_created',
  'app_password_first_used',
  'app_password_revoked',
  'account_disabled',
  'account_enabled',
  'role_changed',
  'account_locked_down',
  'invitation_sent',
  'invitation_accepted',
  'temporary_password_set',
  'temporary_password_cleared',
  'temporary_password_changed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** The timeline's filter: each kind of event the user may ask for, and its types. */
export const EVENT_KINDS = {
  sign_ins: ['sign_in_succeeded', 'sign_in_failed', 'second_factor_failed', 'session_revoked', 'recovery_code_used'],
  security: [
    'password_changed', 'password_reset_requested', 'password_reset_completed', 'twofactor_enabled', 'twofactor_disabled', 'twofactor_reset_by_admin',
    'recovery_codes_regenerated', 'passkey_added', 'passkey_renamed', 'passkey_deleted', 'account_locked_down', 'account_disabled', 'account_enabled', 'role_changed',
    'temporary_password_set', 'temporary_password_cleared', 'temporary_password_changed',
  ],
  email: ['email_changed', 'email_change_requested', 'email_change_undone'],
  credentials: ['token_created', 'token_first_used', 'token_revoked', 'app_password_created', 'app_password_first_used', 'app_password_revoked'],
  apps: ['app_signed_in', 'app_consented', 'app_revoked'],
  profile: ['account_created', 'profile_updated', 'invitation_sent', 'invitation_accepted'],
} as const satisfies Record<string, readonly EventType[]>;

export type EventKind = keyof typeof EVENT_KINDS;

// every type is in a kind: a new type that is not fails to compile here
type KindedType = (typeof EVENT_KINDS)[EventKind][number];
const everyTypeHasAKind: Record<Exclude<EventType, KindedType>, never> = {};
void everyTypeHasAKind;
