import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { interactiveOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { assertSameOrigin } from '../../http/csrf.js';
import { NO_NUL_PATTERN, NoContent, problems } from '../../http/schemas.js';
import { clearSessionCookie, sessionTokenOf } from '../../http/session-cookie.js';
import { AuthenticationResponseSchema } from '../passkeys/schemas.js';
import type { AuthService } from './service.js';
import { PasswordChangeRequiredSchema, SignedInSchema, answerPasswordChangeRequired, answerSignedIn } from './sign-in-answer.js';

const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 256, pattern: NO_NUL_PATTERN, description: 'username or email address' }),
  password: Type.String({ minLength: 1, maxLength: 4096 }),
});

const SecondFactorRequiredSchema = Type.Object({
  status: Type.Literal('second_factor_required'),
  ticket: Type.String({ description: 'single-use, bound to the user; send it to /auth/login/second-factor' }),
  methods: Type.Array(Type.Union([Type.Literal('totp'), Type.Literal('recovery_code'), Type.Literal('passkey')]), {
    description: 'how the second step may be answered: a TOTP code, a recovery code, a passkey',
  }),
  expiresAt: Type.String({ format: 'date-time' }),
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
        operationId: 'signIn',
        summary:
          'Sign in with username (or email) and password; users with 2FA get a ticket for the second step, users with a temporary password one for the password change',
        security: [],
        body: LoginBody,
        response: {
          200: Type.Union([SignedInSchema, SecondFactorRequiredSchema, PasswordChangeRequiredSchema]),
          ...problems(401, 429),
        },
      },
    },
    async (request, reply) => {
      const result = await auth.login(request.body.username, request.body.password, clientInfo(request));
      if (result.status === 'second_factor_required') {
        return { status: result.status, ticket: result.ticket, methods: result.methods, expiresAt: result.expiresAt };
      }
      if (result.status === 'password_change_required') return answerPasswordChangeRequired(result);
      return answerSignedIn(reply, result, secureCookies);
    },
  );

  app.post(
    '/auth/login/second-factor',
    {
      schema: {
        tags: ['auth'],
        operationId: 'completeSecondFactor',
        summary: 'Second step of a sign-in: the ticket and a TOTP code, a recovery code or a passkey',
        security: [],
        body: Type.Object({
          ticket: Type.String({ minLength: 1, maxLength: 256 }),
          code: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '6-digit TOTP code or a recovery code' })),
          passkey: Type.Optional(AuthenticationResponseSchema),
        }),
        response: { 200: Type.Union([SignedInSchema, PasswordChangeRequiredSchema]), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const { ticket, code, passkey } = request.body;
      const result = await auth.completeSecondFactor(ticket, { code, passkey }, clientInfo(request));
      if (result.status === 'password_change_required') return answerPasswordChangeRequired(result);
      return answerSignedIn(reply, result, secureCookies);
    },
  );

  app.post(
    '/auth/login/password-change',
    {
      schema: {
        tags: ['auth'],
        operationId: 'completePasswordChange',
        summary: 'Last step of a sign-in with a temporary password: the ticket and a new password (the policy applies; not the temporary one)',
        security: [],
        body: Type.Object({
          ticket: Type.String({ minLength: 1, maxLength: 256, description: 'from a `password_change_required` answer' }),
          newPassword: Type.String({ minLength: 1, maxLength: 4096 }),
        }),
        response: { 200: SignedInSchema, ...problems(401, 422) },
      },
    },
    async (request, reply) => {
      const result = await auth.completePasswordChange(request.body.ticket, request.body.newPassword, clientInfo(request));
      return answerSignedIn(reply, result, secureCookies);
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], operationId: 'signOut', summary: 'End the current session', security: [{}, { session: [] }], response: { 204: NoContent } } },
    async (request, reply) => {
      const token = sessionTokenOf(request);
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
        operationId: 'reauthenticate',
        summary: 'Confirm the password (or a TOTP code when 2FA is on, or a passkey) to unlock sensitive changes for a while',
        body: Type.Object({
          password: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
          code: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '6-digit TOTP code' })),
          passkey: Type.Optional(AuthenticationResponseSchema),
        }),
        response: { 204: NoContent, ...problems(400, 409, 429) },
      },
    },
    async (request, reply) => {
      const { password, code, passkey } = request.body;
      await auth.reauthenticate(interactiveOf(request), { password, code, passkey }, clientInfo(request));
      return reply.code(204).send(null);
    },
  );
};
