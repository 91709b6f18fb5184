import { defineProblems } from '../../http/problem.js';

/** The codes of app passwords and of the endpoints apps call. */
export const appPasswordProblems = defineProblems({
  unknown_app: 400,
  invalid_app_password_name: 400,
  invalid_app_credentials: 401,
  app_password_not_found: 404,
  too_many_app_passwords: 422,
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    appPasswords: typeof appPasswordProblems;
  }
}
