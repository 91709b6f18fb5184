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

function problemCode(reply: FastifyReply, payload: unknown): string | null {
  if (!String(reply.getHeader('content-type') ?? '').startsWith('application/problem+json') || typeof payload !== 'string') return null;
  try {
    const code = (JSON.parse(payload) as { code?: unknown }).code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}

/**
 * Test mode (`BuildOptions.statusWalk`): holds every answer of a documented route to what the
 * OpenAPI document says of it. An answer is wrong when the route's schema does not declare its
 * status, or when it is a problem whose code the catalogue does not declare with that status.
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
    const answer: Answer = { method: request.method, route: request.routeOptions.url as string, status: reply.statusCode, code: problemCode(reply, payload) };
    options.onAnswer?.(answer);
    const { status, code } = answer;
    const where = `${answer.method} ${answer.route} ${status}${code ? ` ${code}` : ''}`;
    const range = `${String(status)[0]}xx`;
    if (!declared.has(String(status)) && !declared.has(range) && !declared.has(range.toUpperCase()) && !declared.has('default')) {
      wrong.add(`${where}: the route does not declare ${status}`);
    }
    if (status >= 400 && code === null) wrong.add(`${where}: not a problem with a code`);
    if (code !== null && !options.isDeclared(code, status)) wrong.add(`${where}: the catalogue does not declare ${code} with ${status}`);
    return payload;
  });
}
