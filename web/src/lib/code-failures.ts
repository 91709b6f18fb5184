import { isApiError } from '../api/client';
import { LocalizedError } from './problem';

/**
 * The server answers a TOTP code and a recovery code with the same codes (`invalid_code` for a
 * wrong or used-up one, `code_already_used`, `malformed_code`); typed as a recovery code, the
 * message speaks of recovery codes, at the `code` field.
 */
export function recoveryCodeFailure(failure: unknown): unknown {
  if (isApiError(failure, 'invalid_code') || isApiError(failure, 'code_already_used')) return new LocalizedError('rules.recoveryCodeWrong', { cause: failure, field: 'code' });
  if (isApiError(failure, 'malformed_code')) return new LocalizedError('rules.recoveryCodeMalformed', { cause: failure, field: 'code' });
  return failure;
}

/** Whether what was typed in a field that takes either reads as a recovery code (TOTP codes are digits only). */
const looksLikeRecoveryCode = (typed: string) => /[a-z]/i.test(typed);

/** A refusal of a field that takes a TOTP or a recovery code, in the words of what was typed. */
export function codeFailure(failure: unknown, typed: string): unknown {
  return looksLikeRecoveryCode(typed) ? recoveryCodeFailure(failure) : failure;
}
