import type { UserRow } from '../../db/schema.js';
import type { UserPatch } from './service.js';

/** Profile fields as the API names them; undefined leaves a field untouched. Values are already valid. */
export interface ProfileFields {
  displayName?: string;
  email?: string;
  recoveryEmail?: string | null;
  timezone?: string;
  language?: string;
  dateFormat?: string;
  theme?: string;
  newsletter?: boolean;
  notifyNewSignIn?: boolean;
  notifyTokenCreated?: boolean;
  notifyAppPasswordCreated?: boolean;
  notifyPasskeyAdded?: boolean;
}

export type ProfileField = keyof ProfileFields;

/** Each field's column; the order is the order of `fields` in activity events. Booleans are stored as 0/1. */
const COLUMNS = {
  displayName: 'display_name',
  email: 'email',
  recoveryEmail: 'recovery_email',
  timezone: 'timezone',
  language: 'language',
  dateFormat: 'date_format',
  theme: 'theme',
  newsletter: 'newsletter',
  notifyNewSignIn: 'notify_new_sign_in',
  notifyTokenCreated: 'notify_token_created',
  notifyAppPasswordCreated: 'notify_app_password_created',
  notifyPasskeyAdded: 'notify_passkey_added',
} as const satisfies Record<ProfileField, keyof UserPatch>;

/**
 * Which profile fields `next` changes on `user`, and the column patch that changes them: the
 * one diff behind profile, admin and directory updates and the `fields` of their activity events.
 */
export function profileChanges(user: UserRow, next: ProfileFields): { changes: UserPatch; fields: ProfileField[] } {
  const changes: Record<string, unknown> = {};
  const fields: ProfileField[] = [];
  for (const field of Object.keys(COLUMNS) as ProfileField[]) {
    const value = next[field];
    if (value === undefined) continue;
    const column = COLUMNS[field];
    const stored = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    if (stored === user[column]) continue;
    changes[column] = stored;
    fields.push(field);
  }
  return { changes: changes as UserPatch, fields };
}
