import { defineProblems } from './problem.js';

/**
 * The codes of the HTTP layer, which any route may answer: malformed requests, authentication,
 * the cross-site rule, rate limits, shutdown. The statuses every route shares are declared on each
 * route by `sharedProblemStatuses` (schemas.ts).
 */
export const httpProblems = defineProblems({
  bad_request: 400,
  invalid_request: 400,
  invalid_json: 400,
  malformed_url: 400,
  invalid_cursor: 400,
  unauthenticated: 401,
  invalid_token: 401,
  csrf_rejected: 403,
  token_readonly: 403,
  interactive_session_required: 403,
  reauthentication_required: 403,
  admin_required: 403,
  /** a plugin's refusal (a dotfile of the dashboard's files) */
  request_refused: 403,
  not_found: 404,
  request_timeout: 408,
  /** the dashboard's files: If-Match / If-Unmodified-Since failed */
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** the dashboard's files: a Range outside the file */
  range_not_satisfiable: 416,
  /** 401 from forward-auth, whose proxies understand only 401 */
  rate_limited: [429, 401],
  headers_too_large: 431,
  internal_error: 500,
  shutting_down: 503,
});

declare module './problem.js' {
  interface ProblemCatalogue {
    http: typeof httpProblems;
  }
}
