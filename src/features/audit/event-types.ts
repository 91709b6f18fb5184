/** Every kind of security event a user can see on their timeline. */
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
  'token_created',
  'token_first_used',
  'token_revoked',
  'app_password_created',
  'app_password_first_used',
  'app_password_revoked',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
