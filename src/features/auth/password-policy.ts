import { dictionary } from '@zxcvbn-ts/language-common';
import { unprocessable } from '../../http/problem.js';
import { normalizePassword } from './password-hasher.js';

export const PASSWORD_MAX_LENGTH = 256;
export const PASSWORD_DEFAULT_MIN_LENGTH = 8;

/** ~49k most common passwords, from the maintained @zxcvbn-ts list. */
const COMMON = new Set<string>((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

export interface PolicyContext {
  username: string;
  email: string;
  minLength?: number;
}

/**
 * The password rules: 8–256 code points after NFKC, not one of the common passwords,
 * not the username or the email (ignoring case).
 * @throws 422 password_too_short | password_too_long | password_too_common | password_matches_identity
 */
export function assertPasswordAcceptable(password: string, context: PolicyContext): void {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  const min = context.minLength ?? PASSWORD_DEFAULT_MIN_LENGTH;
  if (length < min) throw unprocessable('password_too_short', `Use at least ${min} characters.`, { minLength: min });
  if (length > PASSWORD_MAX_LENGTH) {
    throw unprocessable('password_too_long', `Use at most ${PASSWORD_MAX_LENGTH} characters.`, { maxLength: PASSWORD_MAX_LENGTH });
  }
  const lower = normalized.toLowerCase();
  if (COMMON.has(lower)) throw unprocessable('password_too_common', 'This password is too common. Choose another.');
  const localPart = context.email.toLowerCase().split('@')[0] ?? '';
  if (lower === context.username.toLowerCase() || lower === context.email.toLowerCase() || lower === localPart) {
    throw unprocessable('password_matches_identity', 'The password must not be your username or email.');
  }
}
