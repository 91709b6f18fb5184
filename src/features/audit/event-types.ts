/** Every kind of security event a user can see on their timeline. */
export const EVENT_TYPES = [
  'account_created',
  'sign_in_succeeded',
  'sign_in_failed',
  'second_factor_failed',
  'password_changed',
  'email_changed',
  'profile_updated',
  'session_revoked',
  'twofactor_enabled',
  'twofactor_disabled',
  'twofactor_reset_by_admin',
  'recovery_code_used',
  'recovery_codes_regenerated',
  'account_disabled',
  'account_enabled',
  'role_changed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
