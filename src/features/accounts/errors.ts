import { defineProblems } from '../../http/problem.js';

/** The codes of accounts, groups and memberships. */
export const accountProblems = defineProblems({
  invalid_account_name: 400,
  invalid_group_name: 400,
  mfa_required: 403,
  account_not_found: 404,
  group_not_found: 404,
  member_not_found: 404,
  account_name_taken: 409,
  group_name_taken: 409,
  group_not_empty: 409,
  already_member: 409,
  group_not_in_account: 422,
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    accounts: typeof accountProblems;
  }
}
