import { Type } from 'typebox';

/**
 * Problems that concern request fields carry `errors: [{field, code, detail}]`, one entry per
 * failing field (docs/http.md). This module owns that member: the codes of schema failures, the
 * entry's shape, and the translation of TypeBox's validation issues into entries.
 *
 * A rule error of a service names its field with `Problem.forField` or `checkFields`
 * (problem.ts): its entry's `code` is then the problem's own code (`email_taken`).
 */

/** The kinds of schema failure, each with the English sentence of its `detail` (stable: the dashboard translates the code). */
const FIELD_CODE_DETAILS = {
  required: (field: string) => `${field} is required.`,
  unknown_field: (field: string) => `${field} is not a field of this request.`,
  type: (field: string, params: Params) => `${field} must be ${typeName(params.type)}.`,
  too_short: (field: string, params: Params) => `${field} must have at least ${String(params.limit)} characters.`,
  too_long: (field: string, params: Params) => `${field} must have at most ${String(params.limit)} characters.`,
  too_small: (field: string, params: Params) => `${field} must be at least ${String(params.limit)}.`,
  too_large: (field: string, params: Params) => `${field} must be at most ${String(params.limit)}.`,
  too_few: (field: string, params: Params) => `${field} must have at least ${String(params.limit)} items.`,
  too_many: (field: string, params: Params) => `${field} must have at most ${String(params.limit)} items.`,
  duplicate: (field: string) => `${field} must not list an item twice.`,
  format: (field: string, params: Params) => `${field} must be a valid ${String(params.format)}.`,
  pattern: (field: string) => `${field} has characters or a form that is not allowed here.`,
  enum: (field: string) => `${field} is not one of the allowed values.`,
  invalid_characters: (field: string) => `${field} must not contain NUL characters or unpaired surrogates.`,
  invalid: (field: string) => `${field} is not valid.`,
} satisfies Record<string, (field: string, params: Params) => string>;

/** The codes of schema failures (`required`, `too_long`, …); a rule error's entry uses its problem code instead. */
export type FieldErrorCode = keyof typeof FIELD_CODE_DETAILS;
export const FIELD_ERROR_CODES = Object.keys(FIELD_CODE_DETAILS) as FieldErrorCode[];

/** One entry of a problem's `errors`. */
export interface FieldError {
  /** the body or query property, dotted below the top level (`displayName`, `access.accounts.0`); '' is the body itself */
  field: string;
  /** a {@link FieldErrorCode}, or the problem code of a rule error */
  code: string;
  /** public English text */
  detail: string;
  /** the bound of too_short, too_long, too_small, too_large, too_few, too_many */
  limit?: number;
  /** where the request carried it, as a JSON pointer under `body`, `query` or `path` (schema and text errors) */
  path?: string;
  /** the validator's own words (schema and text errors; kept for clients of the first version of this member) */
  message?: string;
}

/** At most this many entries: a client needs the fields of one form, not a listing of a hostile body. */
export const MAX_FIELD_ERRORS = 20;
/**
 * TypeBox stops collecting issues at this many (its `maxErrors`, 8 by default), and stops walking
 * the value once there: enough for {@link MAX_FIELD_ERRORS} fields even though one field may give
 * several issues (a union gives one per member), and a bound on the work a bad body costs.
 */
export const MAX_VALIDATION_ISSUES = 100;

type Params = Record<string, unknown>;

/** One issue of TypeBox's `Errors()` (the shape Fastify passes as `error.validation`). */
export interface ValidationIssue {
  instancePath?: string;
  schemaPath?: string;
  keyword?: string;
  params?: Params;
  message?: string;
}

const KEYWORD_CODES: Readonly<Record<string, FieldErrorCode>> = {
  required: 'required',
  additionalProperties: 'unknown_field',
  type: 'type',
  minLength: 'too_short',
  maxLength: 'too_long',
  minimum: 'too_small',
  exclusiveMinimum: 'too_small',
  maximum: 'too_large',
  exclusiveMaximum: 'too_large',
  minItems: 'too_few',
  maxItems: 'too_many',
  uniqueItems: 'duplicate',
  format: 'format',
  pattern: 'pattern',
  enum: 'enum',
  const: 'enum',
};
const LIMITED = new Set<FieldErrorCode>(['too_short', 'too_long', 'too_small', 'too_large', 'too_few', 'too_many']);

function typeName(type: unknown): string {
  switch (type) {
    case 'integer':
      return 'an integer';
    case 'object':
    case 'array':
      return `an ${type}`;
    case 'null':
      return 'null';
    default:
      return `a ${String(type)}`;
  }
}

/** `/access/accounts/0` → `access.accounts.0` (JSON pointer escapes undone). */
export function fieldOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** The entry of a rule error (Problem.forField). */
export function ruleFieldError(field: string, code: string, detail: string): FieldError {
  return { field, code, detail };
}

/** The entry of one field: `pointer` is under the body or query (`/displayName`), `where` says which. */
function entry(where: string, pointer: string, code: FieldErrorCode, params: Params, message: string | undefined): FieldError {
  const field = fieldOf(pointer);
  const error: FieldError = { field, code, detail: FIELD_CODE_DETAILS[code](field === '' ? where : field, params) };
  if (LIMITED.has(code) && typeof params.limit === 'number') error.limit = params.limit;
  error.path = `${where}${pointer}`;
  error.message = message ?? 'is invalid';
  return error;
}

/** A field with text that is not clean Unicode (text-hygiene.ts): `path` as `body/name`. */
export function invalidTextError(path: string): FieldError {
  const slash = path.indexOf('/');
  const where = slash === -1 ? path : path.slice(0, slash);
  return entry(where, slash === -1 ? '' : path.slice(slash), 'invalid_characters', {}, 'must not contain NUL characters or unpaired surrogates');
}

/**
 * The entries for TypeBox's issues: one per failing field (the first issue of a field says what
 * is wrong with it), a missing property under its own name, an extra property as `unknown_field`;
 * at most {@link MAX_FIELD_ERRORS}. Issues about a union as a whole (`anyOf`) yield to the member
 * issue before them, which says more.
 */
export function fieldErrorsOf(issues: readonly ValidationIssue[], where: string): FieldError[] {
  const byField = new Map<string, FieldError>();
  const add = (pointer: string, code: FieldErrorCode, params: Params, message: string | undefined) => {
    const key = fieldOf(pointer);
    if (!byField.has(key) && byField.size < MAX_FIELD_ERRORS) byField.set(key, entry(where, pointer, code, params, message));
  };
  for (const issue of issues) {
    if (byField.size >= MAX_FIELD_ERRORS) break;
    const pointer = issue.instancePath ?? '';
    const params = issue.params ?? {};
    const keyword = issue.keyword ?? '';
    if (keyword === 'required') {
      const missing = params.requiredProperties ?? params.missingProperty;
      for (const name of Array.isArray(missing) ? missing : [missing]) {
        if (typeof name === 'string') add(`${pointer}/${escapePointer(name)}`, 'required', params, issue.message);
      }
    } else if (keyword === 'additionalProperties') {
      const extra = params.additionalProperties ?? params.additionalProperty;
      for (const name of Array.isArray(extra) ? extra : [extra]) {
        if (typeof name === 'string') add(`${pointer}/${escapePointer(name)}`, 'unknown_field', params, 'must not be present');
      }
    } else if (keyword === 'boolean' && issue.schemaPath?.endsWith('/additionalProperties')) {
      // TypeBox reports each extra property at its own path too ("schema is false")
      add(pointer, 'unknown_field', params, 'must not be present');
    } else {
      add(pointer, KEYWORD_CODES[keyword] ?? 'invalid', params, issue.message);
    }
  }
  return [...byField.values()];
}

const escapePointer = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

/** The `errors` member in the OpenAPI document (the Problem schema's). */
export const fieldErrorsSchema = (problemCodes: readonly string[]) =>
  Type.Array(
    Type.Object(
      {
        field: Type.String({ description: "the body or query property, dotted below the top level (`access.accounts.0`); '' is the body itself" }),
        code: Type.Unsafe<string>({
          type: 'string',
          enum: [...FIELD_ERROR_CODES, ...problemCodes],
          description: 'a schema failure (`required`, `too_long`, `unknown_field`, …) or, for a rule error, the problem code',
        }),
        detail: Type.String({ description: 'public English text' }),
        limit: Type.Optional(Type.Number({ description: 'the bound of too_short, too_long, too_small, too_large, too_few, too_many' })),
        path: Type.Optional(Type.String({ description: 'schema and text errors: a JSON pointer under body, query or path (`body/displayName`)' })),
        message: Type.Optional(Type.String({ description: "schema and text errors: the validator's own words" })),
      },
      { additionalProperties: false },
    ),
    { maxItems: MAX_FIELD_ERRORS, description: 'one entry per failing field, in the order the request and its schema give them' },
  );
