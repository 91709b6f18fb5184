import { defineProblems } from '../../http/problem.js';

/** The codes of users (the shared kernel): names, email addresses, roles. */
export const userProblems = defineProblems({
  invalid_username: 400,
  invalid_email: 400,
  invalid_display_name: 400,
  managed_by_directory: 403,
  user_not_found: 404,
  username_taken: 409,
  username_reserved: 409,
  email_taken: 409,
  last_admin: 409,
  username_immutable: 422,
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    users: typeof userProblems;
  }
}
