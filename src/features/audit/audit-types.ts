/** Every kind of entry in the admin audit. */
export const AUDIT_TYPES = [
  'user_created',
  'user_invited',
  'user_updated',
  'user_disabled',
  'user_enabled',
  'user_deleted',
  'user_twofactor_reset',
  'user_sessions_ended',
  'user_password_reset_sent',
  'user_locked_down',
  'settings_updated',
  'account_created',
  'account_updated',
  'account_deleted',
  'group_created',
  'group_renamed',
  'group_deleted',
  'member_added',
  'member_moved',
  'member_removed',
  'app_created',
  'app_updated',
  'app_secret_rotated',
  'app_deleted',
  'directory_configured',
  'directory_removed',
  'directory_synced',
] as const;

export type AuditType = (typeof AUDIT_TYPES)[number];

/** What an entry acted on; `label` is a readable copy (a username, an account name) kept after deletion. */
export const AUDIT_TARGET_KINDS = ['user', 'account', 'group', 'app', 'settings', 'directory'] as const;
export type AuditTargetKind = (typeof AUDIT_TARGET_KINDS)[number];

export interface AuditTarget {
  kind: AuditTargetKind;
  id: string | null;
  label: string;
}
