import { defineProblems } from '../../http/problem.js';

/** The codes of the instance settings and the mandatory-2FA gate. */
export const settingsProblems = defineProblems({
  twofactor_setup_required: 403,
  enrol_twofactor_first: 422,
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    settings: typeof settingsProblems;
  }
}
