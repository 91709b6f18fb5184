import type { FastifyRequest } from 'fastify';
import { forbidden } from './problem.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}

/** The request's own origin as the browser addressed it, and the configured public one. */
function allowedOrigins(request: FastifyRequest, publicOrigin: string): string[] {
  return [publicOrigin, `${request.protocol}://${request.host}`];
}

/**
 * Cross-site request forgery rules for unsafe methods:
 * - an `Origin` header, when present, must be ours (any request, signed-in or not);
 * - a cookie-authenticated request without `Origin` must carry `X-Requested-With: userhub`.
 * @throws 403 csrf_rejected
 */
export function assertSameOrigin(request: FastifyRequest, publicOrigin: string, cookieAuthenticated: boolean): void {
  if (isSafeMethod(request.method)) return;
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    if (!allowedOrigins(request, publicOrigin).includes(origin)) {
      throw forbidden('csrf_rejected', 'This request came from another site.');
    }
    return;
  }
  if (cookieAuthenticated && request.headers['x-requested-with'] !== 'userhub') {
    throw forbidden('csrf_rejected', 'Send an Origin header or X-Requested-With: userhub.');
  }
}
