import { badRequest, conflict } from '../../http/problem.js';

/** The refusal of an answer whose challenge is not a live one of this request (the one wording). */
export const passkeyChallengeExpired = () =>
  badRequest('passkey_challenge_expired', 'This passkey request expired or was already used. Try again.');

/** The refusal of a passkey step for a user who has no passkey. */
export const noPasskeys = () => conflict('no_passkeys', 'This account has no passkey.');
