import type { Role, UserRow } from '../../db/schema.js';
import { newId } from '../../lib/secrets.js';
import { DEFAULT_PREFERENCES, type Language, emailLower } from './rules.js';

/** What differs between new users; the rest starts from the defaults. Values are already valid. */
export interface NewUserFields {
  username: string;
  email: string;
  displayName: string;
  role: Role;
  source: UserRow['source'];
  /** the default language when absent */
  language?: Language;
  /** the password is temporary: the next password sign-in asks for a new one */
  mustChangePassword?: boolean;
  /** invited: no password until the invitation is accepted */
  invited?: boolean;
}

/** A new user's row: default preferences (the language may be given), enabled, no recovery address, new-sign-in mails on. */
export function newUserRow(fields: NewUserFields, now: string): UserRow {
  return {
    id: newId(),
    username: fields.username,
    display_name: fields.displayName,
    email: fields.email,
    email_lower: emailLower(fields.email),
    recovery_email: null,
    language: fields.language ?? DEFAULT_PREFERENCES.language,
    timezone: DEFAULT_PREFERENCES.timezone,
    date_format: DEFAULT_PREFERENCES.dateFormat,
    theme: DEFAULT_PREFERENCES.theme,
    newsletter: 0,
    role: fields.role,
    source: fields.source,
    disabled: 0,
    created_at: now,
    updated_at: now,
    notify_new_sign_in: 1,
    password_reset_required: 0,
    last_sign_in_at: null,
    notify_token_created: 1,
    notify_app_password_created: 1,
    notify_passkey_added: 1,
    must_change_password: fields.mustChangePassword ? 1 : 0,
    invitation_pending: fields.invited ? 1 : 0,
  };
}
