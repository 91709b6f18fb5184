import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'userhub_session';

/** HttpOnly, SameSite=Lax, Path=/, Secure when the public origin is https. */
export function setSessionCookie(reply: FastifyReply, token: string, maxAgeSeconds: number, secure: boolean): void {
  reply.header('set-cookie', stringifySetCookie({ name: SESSION_COOKIE, value: token, maxAge: maxAgeSeconds, path: '/', httpOnly: true, secure, sameSite: 'lax' }));
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.header(
    'set-cookie',
    stringifySetCookie({ name: SESSION_COOKIE, value: '', maxAge: 0, expires: new Date(0), path: '/', httpOnly: true, secure, sameSite: 'lax' }),
  );
}

/**
 * The session cookie's value, parsed from the request's Cookie header only when a guard asks
 * for it (no cookie parsing on requests that never need it).
 */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string' || !header.includes(SESSION_COOKIE)) return undefined;
  return parseCookie(header)[SESSION_COOKIE];
}
