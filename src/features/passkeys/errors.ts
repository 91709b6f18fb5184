import { defineProblems } from '../../http/problem.js';

/** The codes of registering, listing and using passkeys. */
export const passkeyProblems = defineProblems({
  passkey_not_found: 404,
  /** the authenticator already holds a passkey of this user (its credential id is registered) */
  passkey_already_registered: 409,
  passkey_limit_reached: 422,
  invalid_passkey_name: 400,
  /** the challenge expired, was answered already, or belongs to another request */
  passkey_challenge_expired: 400,
  /** the authenticator's answer does not verify: 401 while signing in, 403 signed in, 422 at registration */
  passkey_rejected: [401, 403, 422],
  /** the user has no passkey to answer with */
  no_passkeys: 409,
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    passkeys: typeof passkeyProblems;
  }
}
