import type { FastifyInstance } from 'fastify';
import { assertSameOrigin, isSafeMethod } from './csrf.js';
import { Problem } from './problem.js';
import { securityHeaders } from './security-headers.js';
import { assertCleanText } from './text-hygiene.js';

export { PAGE_CSP } from './security-headers.js';

/**
 * What every request gets as it arrives, in one synchronous hook (it runs on every request):
 * - the headers every response carries (the API is never cached), set first so that they are on
 *   error answers too; a route that needs another CSP or Cache-Control simply sets its own;
 * - the cross-site rule: an unsafe request with a foreign Origin is refused before any route
 *   runs, signed in or not (the guards add the cookie rule, see csrf.ts).
 * - while the server shuts down, 503 `shutting_down` as problem+json (Fastify's own answer
 *   would be plain JSON), with `Connection: close` so clients retry on a node that stays;
 * Once the body is parsed: text with NUL or unpaired surrogates is refused (text-hygiene.ts).
 */
export function registerRequestHygiene(app: FastifyInstance, publicOrigin: string): void {
  const headers = securityHeaders(publicOrigin);
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url.startsWith('/api/v1') ? headers.api : headers.page);
    if (closing) return done(shuttingDown());
    if (isSafeMethod(request.method)) return done();
    try {
      assertSameOrigin(request, publicOrigin, false);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      assertCleanText(request);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
}

const shuttingDown = () =>
  new Problem(503, 'shutting_down', 'The server is restarting. Try again in a moment.', { retryAfter: 1 }, { 'retry-after': '1', connection: 'close' });
