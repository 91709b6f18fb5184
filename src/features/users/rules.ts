/** The identity rules every way of creating a user shares (admin API, CLI, first start, directory). */

export const USERNAME_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,30}[a-z0-9])?$/;

/** Names that would impersonate the system or a mail role. `admin` is allowed only for the first admin. */
export const RESERVED_USERNAMES = new Set(['admin', 'root', 'postmaster', 'no-reply', 'noreply', 'mailer-daemon', 'admins', 'users']);

export const LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export const DEFAULT_PREFERENCES = { language: 'en', timezone: 'UTC', dateFormat: 'YYYY-MM-DD' } as const;

/** Deliberately simple: one @, no spaces, a dot in the domain (or localhost), at most 254 characters. */
const EMAIL_PATTERN = /^[^\s@"<>()[\]\\,;:]+@(?:localhost|[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:.]{2,})$/;

export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL_PATTERN.test(email) && !CONTROL_CHARACTERS.test(email);
}

/** Any IANA zone the runtime knows, links (e.g. Asia/Calcutta) included. */
export function isValidTimezone(zone: string): boolean {
  if (zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function isValidDisplayName(name: string): boolean {
  const length = [...name].length;
  return length >= 1 && length <= 100 && name.trim() !== '' && !CONTROL_CHARACTERS.test(name);
}
