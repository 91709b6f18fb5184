import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { assertSameOrigin } from '../../http/csrf.js';
import { NO_NUL_PATTERN, NoContent, problems } from '../../http/schemas.js';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie } from '../../http/session-cookie.js';
import { UserSchema, userView } from '../users/view.js';
import type { AuthService } from './service.js';

const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 256, pattern: NO_NUL_PATTERN, description: 'username or email address' }),
  password: Type.String({ minLength: 1, maxLength: 4096 }),
});

export const authRoutes: FastifyPluginAsyncTypebox<{ auth: AuthService; secureCookies: boolean; publicOrigin: string }> = async (
  app,
  { auth, secureCookies, publicOrigin },
) => {
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username (or email) and password',
        body: LoginBody,
        response: {
          200: Type.Object({ status: Type.Literal('ok'), user: UserSchema }),
          ...problems(400, 401, 403, 429),
        },
      },
    },
    async (request, reply) => {
      const result = await auth.login(request.body.username, request.body.password, clientInfo(request));
      setSessionCookie(reply, result.session.token, result.session.maxAgeSeconds, secureCookies);
      return { status: 'ok' as const, user: userView(result.user) };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the current session', response: { 204: NoContent, ...problems(403) } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        assertSameOrigin(request, publicOrigin, true);
        await auth.logout(token);
      }
      clearSessionCookie(reply, secureCookies);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/reauthenticate',
    {
      preHandler: app.requireInteractive,
      schema: {
        tags: ['auth'],
        summary: 'Confirm the password to unlock sensitive changes for a while',
        body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 4096 }) }),
        response: { 204: NoContent, ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      await auth.reauthenticate(authOf(request), request.body.password, clientInfo(request));
      return reply.code(204).send(null);
    },
  );
};
