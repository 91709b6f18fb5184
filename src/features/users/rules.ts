import { type CodeFor, badRequest, conflict } from '../../http/problem.js';

/** The identity rules every way of creating a user shares (admin API, CLI, first start, directory). */

export const USERNAME_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,30}[a-z0-9])?$/;

/** Names that would impersonate the system or a mail role. `admin` is allowed only for the first admin. */
export const RESERVED_USERNAMES = new Set(['admin', 'root', 'postmaster', 'no-reply', 'noreply', 'mailer-daemon', 'admins', 'users']);

export { LANGUAGES, type Language } from '../../lib/languages.js';

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** The dashboard's colours: `system` follows the browser's prefers-color-scheme. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const DEFAULT_PREFERENCES = { language: 'en', timezone: 'UTC', dateFormat: 'YYYY-MM-DD', theme: 'system' } as const;

/** Deliberately simple: one @, no spaces, a dot in the domain (or localhost), at most 254 characters. */
const EMAIL_PATTERN = /^[^\s@"<>()[\]\\,;:]+@(?:localhost|[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:.]{2,})$/;

export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL_PATTERN.test(email) && !CONTROL_CHARACTERS.test(email);
}

/** Another user has this address (the field is the request's `email`). */
export const emailTaken = () => conflict('email_taken', 'This email address is in use.').forField('email');
/** Another user has this username. */
export const usernameTaken = () => conflict('username_taken', 'This username is taken.').forField('username');

/** The key an address is looked up and kept unique by (`users.email_lower`). */
export function emailLower(email: string): string {
  return email.toLowerCase();
}

/** The address as stored: trimmed. @throws 400 invalid_email */
export function checkEmail(input: string): string {
  const email = input.trim();
  if (!isValidEmail(email)) throw badRequest('invalid_email', 'This is not a valid email address.');
  return email;
}

/** A recovery address as stored; empty or null means none. @throws 400 invalid_email */
export function checkRecoveryEmail(input: string | null): string | null {
  return input === null || input.trim() === '' ? null : checkEmail(input);
}

/**
 * The canonical IANA name of a zone the runtime knows, matched without regard to case
 * (`europe/BERLIN` → `Europe/Berlin`); links such as Asia/Calcutta are kept as the runtime resolves
 * them. null for anything else, offsets (`+01:00`) included.
 */
export function canonicalTimezone(zone: string): string | null {
  if (zone.length === 0 || zone.length > 64) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  // Node 22's ICU also takes UTC offsets (`+01:00`), which are not IANA names: names start with a letter
  return /^[A-Za-z]/.test(resolved) ? resolved : null;
}

/** The zone as stored: its canonical IANA name. @throws 400 invalid_timezone */
export function checkTimezone(input: string): string {
  const zone = canonicalTimezone(input);
  if (zone === null) throw badRequest('invalid_timezone', 'Unknown time zone.');
  return zone;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Controls, bidi controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069) and unpaired surrogates. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Bidi_Control}\p{Cs}]/u;
/** What renders as nothing: spaces, zero-width and other ignorable characters, Hangul fillers, the braille blank. */
const INVISIBLE = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\u2800]*$/u;

/**
 * A name people read: display names, and the names of tokens, app passwords, apps, accounts and
 * groups. 1–100 characters (code points), at least one of them visible, no control characters,
 * no bidi controls (they reorder what is shown around the name). Expects trimmed input.
 */
export function isValidName(name: string): boolean {
  const length = [...name].length;
  return length >= 1 && length <= 100 && !FORBIDDEN_IN_NAMES.test(name) && !INVISIBLE.test(name);
}

/** The refusal of a name that breaks {@link isValidName}, under the code of what is named. */
export function invalidName(code: CodeFor<400>) {
  return badRequest(code, 'Use 1–100 characters, no control characters.');
}

/** The display name as stored: trimmed. @throws 400 invalid_display_name */
export function checkDisplayName(input: string): string {
  const name = input.trim();
  if (!isValidName(name)) throw invalidName('invalid_display_name');
  return name;
}
