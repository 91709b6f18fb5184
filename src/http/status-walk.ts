import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** One answer of a documented route. */
export interface Answer {
  method: string;
  route: string;
  status: number;
  /** the problem code, for a problem+json answer */
  code: string | null;
}

export interface StatusWalkOptions {
  /** whether the catalogue declares `code` with `status` (src/problem-catalogue.ts) */
  isDeclared(code: string, status: number): boolean;
  /** every answer, e.g. to collect them over a whole test suite */
  onAnswer?(answer: Answer): void;
}

function declaredStatuses(request: FastifyRequest): Set<string> | null {
  const schema = request.routeOptions.schema as { hide?: boolean; response?: Record<string, unknown> } | undefined;
  if (!request.routeOptions.url || !schema || schema.hide) return null;
  return new Set(Object.keys(schema.response ?? {}));
}

/** A problem's `code`, and whether its `errors` member, when there is one, is a list of `{field, code, detail}` (field-errors.ts). */
function problemOf(reply: FastifyReply, payload: unknown): { code: string | null; errorsWellFormed: boolean } {
  if (!String(reply.getHeader('content-type') ?? '').startsWith('application/problem+json') || typeof payload !== 'string') return { code: null, errorsWellFormed: true };
  try {
    const { code, errors } = JSON.parse(payload) as { code?: unknown; errors?: unknown };
    const entry = (item: unknown) =>
      typeof item === 'object' && item !== null && ['field', 'code', 'detail'].every((key) => typeof (item as Record<string, unknown>)[key] === 'string');
    return { code: typeof code === 'string' ? code : null, errorsWellFormed: errors === undefined || (Array.isArray(errors) && errors.length > 0 && errors.every(entry)) };
  } catch {
    return { code: null, errorsWellFormed: true };
  }
}

/**
 * Test mode (`BuildOptions.statusWalk`): holds every answer of a documented route to what the
 * OpenAPI document says of it. An answer is wrong when the route's schema does not declare its
 * status, when it is a problem whose code the catalogue does not declare with that status, or
 * whose `errors` member is not a list of `{field, code, detail}`.
 * The app records each wrong answer and `app.close()` then fails, naming them all: run over the
 * whole suite, this proves the declared statuses of every route the suite reaches.
 */
export function registerStatusWalk(app: FastifyInstance, options: StatusWalkOptions): void {
  const wrong = new Set<string>();
  // the first onClose hook registered runs last: the database and the rest close first
  app.addHook('onClose', async () => {
    if (wrong.size > 0) throw new Error(`answers the OpenAPI document does not declare:\n${[...wrong].join('\n')}`);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const declared = declaredStatuses(request);
    if (!declared) return payload;
    const problem = problemOf(reply, payload);
    const answer: Answer = { method: request.method, route: request.routeOptions.url as string, status: reply.statusCode, code: problem.code };
    options.onAnswer?.(answer);
    const { status, code } = answer;
    const where = `${answer.method} ${answer.route} ${status}${code ? ` ${code}` : ''}`;
    const range = `${String(status)[0]}xx`;
    if (!declared.has(String(status)) && !declared.has(range) && !declared.has(range.toUpperCase()) && !declared.has('default')) {
      wrong.add(`${where}: the route does not declare ${status}`);
    }
    if (status >= 400 && code === null) wrong.add(`${where}: not a problem with a code`);
    if (code !== null && !options.isDeclared(code, status)) wrong.add(`${where}: the catalogue does not declare ${code} with ${status}`);
    if (!problem.errorsWellFormed) wrong.add(`${where}: errors is not a list of {field, code, detail}`);
    return payload;
  });
}
