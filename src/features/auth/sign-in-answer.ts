import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { UserRow } from '../../db/schema.js';
import { setSessionCookie } from '../../http/session-cookie.js';
import { UserSchema, userView } from '../users/view.js';

/** The answer of every route that ends with a session: password, second step, password change, passkey, invitation. */
export const SignedInSchema = Type.Object({ status: Type.Literal('ok'), user: UserSchema });

export const PasswordChangeRequiredSchema = Type.Object({
  status: Type.Literal('password_change_required'),
  ticket: Type.String({ description: 'single-use, bound to the user; send it with the new password to /auth/login/password-change' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

/** Sets the session cookie and answers `{status: "ok", user}`: the one way a sign-in becomes a response. */
export function answerSignedIn(reply: FastifyReply, result: { user: UserRow; session: { token: string; maxAgeSeconds: number } }, secureCookies: boolean) {
  setSessionCookie(reply, result.session.token, result.session.maxAgeSeconds, secureCookies);
  return { status: 'ok' as const, user: userView(result.user) };
}

/** A temporary password was right: no session yet, the ticket for the new one. */
export function answerPasswordChangeRequired(result: { ticket: string; expiresAt: string }) {
  return { status: 'password_change_required' as const, ticket: result.ticket, expiresAt: result.expiresAt };
}
