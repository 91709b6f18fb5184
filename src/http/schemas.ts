import { type TSchema, Type } from 'typebox';
import { ProblemSchema } from './problem.js';

/** Error responses a route may give, for OpenAPI; all are RFC 9457 problems. */
export function problems(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((status) => [status, Type.Ref('Problem')]));
}

/** PostgreSQL text cannot hold U+0000 (a query with one fails): strings that reach a query must not carry it. */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: NO_NUL_PATTERN }) });

export const NoContent = Type.Null({ description: 'No content' });

export { ProblemSchema };
