import { Type } from 'typebox';
import { type FieldError, fieldErrorsSchema, ruleFieldError } from './field-errors.js';

/** The statuses a problem may be sent with (each has a title below). */
export type ProblemStatus = 400 | 401 | 403 | 404 | 405 | 406 | 408 | 409 | 412 | 413 | 415 | 416 | 422 | 429 | 431 | 500 | 503;

/** A feature's codes, each with the status (or the statuses) it is sent with. */
export type ProblemDeclarations = Readonly<Record<string, ProblemStatus | readonly ProblemStatus[]>>;

/**
 * The problem catalogue, one entry per feature (`src/features/<feature>/errors.ts`), plus the
 * shared HTTP codes (`src/http/errors.ts`) and the mailed links' (`src/mail/errors.ts`). Each of
 * those files declares its codes with `defineProblems` and adds itself here by augmentation:
 *
 * ```ts
 * export const sessionProblems = defineProblems({ session_not_found: 404 });
 * declare module '../../http/problem.js' {
 *   interface ProblemCatalogue { sessions: typeof sessionProblems }
 * }
 * ```
 * The throw helpers below take only a code declared there, and only with a declared status;
 * `src/problem-catalogue.ts` holds the union at run time.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by augmentation
export interface ProblemCatalogue {}

type Declarations = ProblemCatalogue[keyof ProblemCatalogue];
type CodesIn<D> = D extends unknown ? Extract<keyof D, string> : never;
type StatusesIn<D, C extends PropertyKey> = D extends unknown
  ? C extends keyof D
    ? D[C] extends readonly (infer S)[]
      ? S
      : D[C]
    : never
  : never;

/** Every problem code the server may send. */
export type ProblemCode = CodesIn<Declarations>;
/** The statuses `C` is declared with. */
export type StatusOf<C extends ProblemCode> = StatusesIn<Declarations, C>;
/** The codes declared with every status in `S`: `CodeFor<401 | 403>` may be sent as either. */
export type CodeFor<S extends ProblemStatus> = { [C in ProblemCode]: [S] extends [StatusOf<C>] ? C : never }[ProblemCode];

/** A feature's codes as the catalogue holds them (the literal types are what the compiler checks). */
export const defineProblems = <const D extends ProblemDeclarations>(declarations: D): D => declarations;

/**
 * The one error type of the application. Services throw it; the error handler turns it into
 * RFC 9457 problem+json. `code` is stable snake_case the dashboard translates, declared in the
 * catalogue with this status; `detail` is public, human-readable text (never internal diagnostics).
 */
export class Problem<S extends ProblemStatus = ProblemStatus> extends Error {
  readonly code: ProblemCode;

  constructor(
    readonly status: S,
    code: CodeFor<S>,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? code);
    this.name = 'Problem';
    this.code = code;
  }

  /**
   * The same problem answered with another status and more headers (forward-auth: a proxy
   * understands only 401). The compiler cannot check this code against `status`: the status
   * walk of the test suite does (the catalogue must declare the code with it).
   */
  withStatus<T extends ProblemStatus>(status: T, headers: Record<string, string> = {}): Problem<T> {
    return new Problem(status, this.code as CodeFor<T>, this.detail, this.extra, { ...this.headers, ...headers });
  }

  /**
   * The same problem naming the request field it concerns, so that a form can mark it:
   * `errors: [{field, code, detail}]` with this problem's code and detail.
   * `throw conflict('email_taken', 'This email address is in use.').forField('email')`
   */
  forField(field: string): Problem<S> {
    const errors: FieldError[] = [ruleFieldError(field, this.code, this.detail ?? titleFor(this.status))];
    return new Problem(this.status, this.code as CodeFor<S>, this.detail, { ...this.extra, errors }, this.headers);
  }
}

/** Runs `check`; a Problem it throws names `field` (see {@link Problem.forField}). */
export function atField<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw error instanceof Problem ? error.forField(field) : error;
  }
}

/**
 * Runs the check of every field given and returns what each gave. When some throw a Problem,
 * throws the first one (its status and code) with `errors` listing every failing field, so that
 * a form learns all its mistakes at once. Another error is rethrown as it is.
 * ```ts
 * const { displayName, email } = checkFields({ displayName: () => checkDisplayName(a), email: () => checkEmail(b) });
 * ```
 */
export function checkFields<C extends Record<string, () => unknown>>(checks: C): { [K in keyof C]: ReturnType<C[K]> } {
  const results: Record<string, unknown> = {};
  let first: Problem | null = null;
  const errors: FieldError[] = [];
  for (const [field, check] of Object.entries(checks)) {
    try {
      results[field] = check();
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      first ??= error;
      errors.push(ruleFieldError(field, error.code, error.detail ?? titleFor(error.status)));
    }
  }
  if (first) throw new Problem(first.status, first.code as never, first.detail, { ...first.extra, errors }, first.headers);
  return results as { [K in keyof C]: ReturnType<C[K]> };
}

export const badRequest = (code: CodeFor<400>, detail?: string, extra?: Record<string, unknown>) => new Problem(400, code, detail, extra);
export const unauthorized = (code: CodeFor<401> = 'unauthenticated', detail?: string) => new Problem(401, code, detail);
export const forbidden = (code: CodeFor<403>, detail?: string) => new Problem(403, code, detail);
export const notFound = (code: CodeFor<404> = 'not_found', detail?: string) => new Problem(404, code, detail);
export const conflict = (code: CodeFor<409>, detail?: string) => new Problem(409, code, detail);
export const unprocessable = (code: CodeFor<422>, detail?: string, extra?: Record<string, unknown>) => new Problem(422, code, detail, extra);
export const tooManyRequests = (retryAfterSeconds: number, code: CodeFor<429> = 'rate_limited') =>
  new Problem(429, code, `Too many attempts. Try again in ${retryAfterSeconds} seconds.`, { retryAfter: retryAfterSeconds }, {
    'retry-after': String(retryAfterSeconds),
  });

const TITLES: Record<ProblemStatus, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  431: 'Request Header Fields Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleFor(status: number): string {
  return TITLES[status as ProblemStatus] ?? (status >= 500 ? 'Server Error' : 'Error');
}

/** `type` URIs resolve to the API docs anchor of the code. */
export function problemBody(status: number, code: ProblemCode, detail: string | undefined, extra: Record<string, unknown> = {}) {
  return {
    type: `/api/docs#problem-${code}`,
    title: titleFor(status),
    status,
    detail: detail ?? titleFor(status),
    code,
    ...extra,
  };
}

/** Problem schema for OpenAPI, with the catalogue's codes; referenced by every route's error responses. */
export const problemSchema = (codes: readonly ProblemCode[]) =>
  Type.Object(
    {
      type: Type.String(),
      title: Type.String(),
      status: Type.Integer(),
      detail: Type.String(),
      code: Type.Unsafe<ProblemCode>({ type: 'string', enum: [...codes], description: 'stable; the dashboard translates it' }),
      errors: Type.Optional(fieldErrorsSchema(codes)),
    },
    { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
  );
