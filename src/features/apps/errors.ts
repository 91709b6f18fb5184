import { defineProblems } from '../../http/problem.js';

/** The codes of the registered apps. */
export const appProblems = defineProblems({
  invalid_app_name: 400,
  invalid_url: 400,
  /** a redirect or logout URI that is not https (http only on loopback), has a fragment or credentials */
  invalid_redirect_uri: 400,
  app_not_found: 404,
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    apps: typeof appProblems;
  }
}
