import { defineProblems } from '../../http/problem.js';

/** The codes of signing in, re-authentication, the password policy, password hashing and password reset. */
export const authProblems = defineProblems({
  invalid_credentials: 401,
  invalid_ticket: 401,
  /** 401 from forward-auth, whose proxies understand only 401 */
  user_disabled: [403, 401],
  invalid_password: 403,
  password_too_short: 422,
  password_too_long: 422,
  password_too_common: 422,
  password_matches_identity: 422,
  /** the new password after a temporary one is the temporary one */
  password_unchanged: 422,
  second_factor_required: 422,
  /** the hash pool's queue is full (hash-pool.ts): any route that checks or sets a password */
  hashing_busy: 503,
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    auth: typeof authProblems;
  }
}
