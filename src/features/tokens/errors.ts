import { defineProblems } from '../../http/problem.js';

/** The codes of API tokens. */
export const tokenProblems = defineProblems({
  invalid_token_name: 400,
  invalid_expiry: 400,
  token_not_found: 404,
  token_lifetime_too_long: 422,
  too_many_tokens: 422,
});

declare module '../../http/problem.js' {
  interface ProblemCatalogue {
    tokens: typeof tokenProblems;
  }
}
