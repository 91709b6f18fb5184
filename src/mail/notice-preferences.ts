import type { UserRow } from '../db/schema.js';
import type { NoticeName } from './templates.js';

/**
 * The notices a user may turn off in Preferences, and the column that says so. Every other
 * notice is lockdown-worthy (new sign-in, password, two-factor, email changes) and always goes:
 * it is how someone learns that another person got in.
 */
export const OPTIONAL_NOTICES = {
  token_created: 'notify_token_created',
  app_password_created: 'notify_app_password_created',
  passkey_added: 'notify_passkey_added',
} as const satisfies Partial<Record<NoticeName, keyof UserRow>>;

export type OptionalNotice = keyof typeof OPTIONAL_NOTICES;

/** Whether `user` gets `notice`: the one rule, asked by MailService.enqueueNotice. */
export function wantsNotice(user: UserRow, notice: string): boolean {
  const column = (OPTIONAL_NOTICES as Partial<Record<string, keyof UserRow>>)[notice];
  return column === undefined || user[column] !== 0;
}
