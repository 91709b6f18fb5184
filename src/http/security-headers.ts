import type { FastifyInstance } from 'fastify';

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
 * Headers every response carries; the API is never cached. They are set as the request
 * arrives (a synchronous hook: this runs on every request), so they are on error answers too,
 * and a route that needs another CSP or Cache-Control simply sets its own.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url.startsWith('/api/v1') ? API_HEADERS : PAGE_HEADERS);
    done();
  });
}
