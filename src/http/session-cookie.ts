import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'userhub_session';

/** HttpOnly, SameSite=Lax, Path=/, Secure when the public origin is https. */
export function setSessionCookie(reply: FastifyReply, token: string, maxAgeSeconds: number, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: maxAgeSeconds });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure });
}

/**
 * The session cookie's value, parsed from the request's Cookie header only when asked for
 * (@fastify/cookie is registered without its parse-every-request hook).
 */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string' || !header.includes(SESSION_COOKIE)) return undefined;
  return request.server.parseCookie(header)[SESSION_COOKIE];
}
