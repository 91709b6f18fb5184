import { type TSchema, Type } from 'typebox';
import { ProblemSchema } from './problem.js';

/** Error responses a route may give, for OpenAPI; all are RFC 9457 problems. */
export function problems(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((status) => [status, Type.Ref('Problem')]));
}

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const NoContent = Type.Null({ description: 'No content' });

export { ProblemSchema };
