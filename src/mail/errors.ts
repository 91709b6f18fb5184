import { defineProblems } from '../http/problem.js';

/** The codes of mailed links (password reset, email change, invitation). */
export const mailProblems = defineProblems({
  token_invalid: 400,
});

declare module '../http/problem.js' {
  interface ProblemCatalogue {
    mail: typeof mailProblems;
  }
}
