import { defineProblems } from '../../http/problem.js';

/** The codes of TOTP enrolment and of checking a second factor (verifier.ts). */
export const twoFactorProblems = defineProblems({
  malformed_code: 400,
  /** 401 at sign-in, 403 for a signed-in user (re-authentication, password reset), 422 at enrolment */
  invalid_code: [401, 403, 422],
  code_already_used: [401, 403],
  totp_not_enabled: 409,
  totp_already_enabled: 409,
  totp_setup_required: 409,
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    twofactor: typeof twoFactorProblems;
  }
}
