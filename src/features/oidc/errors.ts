import { defineProblems } from '../../http/problem.js';

/** The codes of single sign-on's own pages (the protocol endpoints answer OAuth errors). */
export const oidcProblems = defineProblems({
  interaction_not_found: 404,
  app_access_denied: 403,
  app_not_connected: 404,
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    oidc: typeof oidcProblems;
  }
}
