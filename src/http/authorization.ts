import type { FastifyRequest } from 'fastify';

const CREDENTIALS = /^(\S+)\s+(\S+)\s*$/;

/**
 * The credentials after `<scheme> ` in the Authorization header (the scheme in any case):
 * null when the request has no Authorization header, '' when it has one of another scheme or
 * of no recognisable form. The one parser of this header: the user guards (Bearer API tokens)
 * and the app-facing routes (Bearer app secrets, Basic credentials) both call it.
 */
export function authorizationCredentials(request: FastifyRequest, scheme: 'Bearer' | 'Basic'): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = CREDENTIALS.exec(header);
  return match && (match[1] as string).toLowerCase() === scheme.toLowerCase() ? (match[2] as string) : '';
}
