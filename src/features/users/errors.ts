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
  /** PATCH mustChangePassword: true on an invited user who has no password yet */
  invitation_pending: 409,
  /** re-sending an invitation to a user who already chose a password (or a directory user) */
  invitation_not_pending: 409,
  username_immutable: 422,
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    users: typeof userProblems;
  }
}
