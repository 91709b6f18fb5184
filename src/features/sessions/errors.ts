import { defineProblems } from '../../http/problem.js';

/** The codes of sessions. */
export const sessionProblems = defineProblems({
  session_not_found: 404,
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    sessions: typeof sessionProblems;
  }
}
