import type { UserRow, UsersTable } from './schema.js';

/** Every column of `users` (as UsersTable declares them): the one list a wider row's user part is picked by. */
export const USER_COLUMNS = [
  'id',
  'username',
  'display_name',
  'email',
  'email_lower',
  'recovery_email',
  'language',
  'timezone',
  'date_format',
  'theme',
  'newsletter',
  'role',
  'source',
  'disabled',
  'created_at',
  'updated_at',
  'notify_new_sign_in',
  'password_reset_required',
  'last_sign_in_at',
  'notify_token_created',
  'notify_app_password_created',
  'notify_passkey_added',
  'must_change_password',
  'invitation_pending',
] as const satisfies readonly (keyof UsersTable)[];

// a column added to UsersTable and not to the list fails to compile here
type Unlisted = Exclude<keyof UsersTable, (typeof USER_COLUMNS)[number]>;
const everyColumnListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyColumnListed;

/**
 * The `users` columns of a row that holds more (the caller's lookup: the user joined with the
 * session or token and a route's join), as a new object. One loop over a fixed list: object rest
 * and `Object.entries` copies of the same ~45-column row cost several times as much (bench/README.md).
 */
export function pickUserRow(row: Readonly<Record<string, unknown>>): UserRow {
  const user: Record<string, unknown> = {};
  for (let i = 0; i < USER_COLUMNS.length; i++) {
    const column = USER_COLUMNS[i];
    user[column] = row[column];
  }
  return user as unknown as UserRow;
}
