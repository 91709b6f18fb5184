import type { FastifyInstance } from 'fastify';
import { assertSameOrigin, isSafeMethod } from './csrf.js';

const API_CSP = "default-src 'none'; frame-ancestors 'none'";
/** The dashboard: own scripts only, images from us and Gravatar, no framing. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https://www.gravatar.com",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const COMMON = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};
const API_HEADERS = { ...COMMON, 'content-security-policy': API_CSP, 'cache-control': 'no-store' };
const PAGE_HEADERS = { ...COMMON, 'content-security-policy': PAGE_CSP };

/**
 * What every request gets as it arrives, in one synchronous hook (it runs on every request):
 * - the headers every response carries (the API is never cached), set first so that they are on
 *   error answers too; a route that needs another CSP or Cache-Control simply sets its own;
 * - the cross-site rule: an unsafe request with a foreign Origin is refused before any route
 *   runs, signed in or not (the guards add the cookie rule, see csrf.ts).
 */
export function registerRequestHygiene(app: FastifyInstance, publicOrigin: string): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url.startsWith('/api/v1') ? API_HEADERS : PAGE_HEADERS);
    if (isSafeMethod(request.method)) return done();
    try {
      assertSameOrigin(request, publicOrigin, false);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
}
