import { defineProblems } from '../../http/problem.js';

/** The codes of the signed-in user's profile and account deletion. */
export const profileProblems = defineProblems({
  invalid_timezone: 400,
  profile_locked: 403,
  twofactor_code_required: 403,
  notice_required: 422,
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    profile: typeof profileProblems;
  }
}
