import { defineProblems } from '../../http/problem.js';

/** The codes of "this wasn't me". */
export const lockdownProblems = defineProblems({
  /** a locked-down account: the right password, but a password reset through the mailed link comes first (401 from forward-auth) */
  password_reset_required: [403, 401],
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    lockdown: typeof lockdownProblems;
  }
}
