import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { type TSchema, Type } from 'typebox';
import type { ProblemStatus } from './problem.js';

const PROBLEM_RESPONSE = {
  description: 'RFC 9457 problem details; `code` says which',
  content: { 'application/problem+json': { schema: Type.Ref('Problem') } },
};

/** Error responses a route may give, for OpenAPI; all are RFC 9457 problems (application/problem+json). */
export function problems(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((status) => [status, PROBLEM_RESPONSE as unknown as TSchema]));
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The statuses a route answers whatever it does (the codes are src/http's, errors.ts):
 * - every route: 400 (`malformed_url`, `invalid_request`: a query string or text that is not
 *   clean, a schema error), 500 `internal_error`, 503 `shutting_down` (and, on a route that
 *   checks or sets a password, auth's `hashing_busy`; a directory sign-in's `directory_unavailable`);
 * - a method with a body (POST, PUT, PATCH, DELETE): 403 `csrf_rejected` (a foreign Origin),
 *   400 `invalid_json`, 413 `payload_too_large`, 415 `unsupported_media_type`;
 * - a route that needs a credential (its `security` neither `[]` nor with an empty, optional
 *   requirement `{}`): 401 `unauthenticated` or `invalid_token`, 403 (`token_readonly`, the
 *   gates such as `twofactor_setup_required`).
 * A route declares on top only the statuses beyond these (`problems(404, 409)`).
 */
export function sharedProblemStatuses(method: string, security: readonly unknown[] | undefined): ProblemStatus[] {
  const statuses: ProblemStatus[] = [400, 500, 503];
  if (BODY_METHODS.has(method)) statuses.push(403, 413, 415);
  const optional = security !== undefined && (security.length === 0 || security.some((requirement) => Object.keys(requirement as object).length === 0));
  if (!optional) statuses.push(401, 403);
  return [...new Set(statuses)].sort((a, b) => a - b);
}

/**
 * Adds the shared statuses to the declared responses of every documented route as it is
 * registered (before @fastify/swagger reads them): one place instead of a list per route.
 */
export function declareSharedProblems(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as (RouteOptions['schema'] & { hide?: boolean; security?: unknown[] }) | undefined;
    if (!schema || schema.hide) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const shared = methods.flatMap((method) => sharedProblemStatuses(method, schema.security));
    route.schema = { ...schema, response: { ...problems(...shared), ...(schema.response as object | undefined) } };
  });
}

/** PostgreSQL text cannot hold U+0000 (a query with one fails): strings that reach a query must not carry it. */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: NO_NUL_PATTERN }) });

export const NoContent = Type.Null({ description: 'No content' });


/** A preValidation hook for routes whose whole body is optional: a request without one is validated as `{}`. */
export const bodyOptional = async (request: FastifyRequest): Promise<void> => {
  request.body ??= {};
};
