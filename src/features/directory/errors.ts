import { defineProblems } from '../../http/problem.js';

/** The codes of the external LDAP directory. */
export const directoryProblems = defineProblems({
  invalid_directory_url: 400,
  invalid_filter: 400,
  invalid_attribute: 400,
  bind_password_required: 400,
  directory_not_configured: 404,
  directory_disabled: 409,
  sync_in_progress: 409,
  directory_empty: 422,
  directory_bind_failed: 422,
  directory_search_failed: 422,
  directory_unavailable: 503,
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    directory: typeof directoryProblems;
  }
}
