import { Type } from 'typebox';

/**
 * The one error type of the application. Services throw it; the error handler turns it into
 * RFC 9457 problem+json. `code` is stable snake_case the dashboard translates; `detail` is
 * public, human-readable text (never internal diagnostics).
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? code);
    this.name = 'Problem';
  }
}

export const badRequest = (code: string, detail?: string, extra?: Record<string, unknown>) =>
  new Problem(400, code, detail, extra);
export const unauthorized = (code = 'unauthenticated', detail?: string) => new Problem(401, code, detail);
export const forbidden = (code: string, detail?: string) => new Problem(403, code, detail);
export const notFound = (code = 'not_found', detail?: string) => new Problem(404, code, detail);
export const conflict = (code: string, detail?: string) => new Problem(409, code, detail);
export const unprocessable = (code: string, detail?: string, extra?: Record<string, unknown>) =>
  new Problem(422, code, detail, extra);
export const tooManyRequests = (retryAfterSeconds: number, code = 'rate_limited') =>
  new Problem(429, code, `Too many attempts. Try again in ${retryAfterSeconds} seconds.`, { retryAfter: retryAfterSeconds }, {
    'retry-after': String(retryAfterSeconds),
  });

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  431: 'Request Header Fields Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Error');
}

/** `type` URIs resolve to the API docs anchor of the code. */
export function problemBody(status: number, code: string, detail: string | undefined, extra: Record<string, unknown> = {}) {
  return {
    type: `/api/docs#problem-${code}`,
    title: titleFor(status),
    status,
    detail: detail ?? titleFor(status),
    code,
    ...extra,
  };
}

/** Problem schema for OpenAPI; referenced by every route's error responses. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);
