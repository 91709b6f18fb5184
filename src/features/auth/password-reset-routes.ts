import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clientInfo } from '../../http/client-info.js';
import { badRequest } from '../../http/problem.js';
import { NoContent, problems } from '../../http/schemas.js';
import type { PasswordResetService } from './password-reset-service.js';

const RequestBody = Type.Object({
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'username or email address' })),
  email: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
});

const ConfirmBody = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 256, description: 'from the link in the mail' }),
  newPassword: Type.String({ minLength: 1, maxLength: 4096 }),
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'TOTP or recovery code; required when 2FA is on' })),
  revokeCredentials: Type.Optional(
    Type.Boolean({ default: false, description: 'also revoke every API token and app password of the account (a clean slate)' }),
  ),
});

const TokenBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 256, description: 'from the link in the mail' }) });

const Inspection = Type.Object({
  username: Type.String({ description: 'whose password the link sets' }),
  maskedEmail: Type.String({ description: 'where reset mail goes, masked ("a•••@example.com")' }),
  twoFactor: Type.Boolean({ description: 'confirming will need a TOTP or recovery code' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

/** The one answer to every reset request, whether or not the user exists. */
const ACCEPTED = {
  status: 'accepted' as const,
  detail: 'If an account matches, a link to choose a new password is on its way. It works for 30 minutes.',
};

export const passwordResetRoutes: FastifyPluginAsyncTypebox<{ passwordReset: PasswordResetService }> = async (app, { passwordReset }) => {
  app.post(
    '/auth/password-reset',
    {
      schema: {
        tags: ['auth'],
        operationId: 'requestPasswordReset',
        summary: 'Ask for a password reset link by mail; 202 whether or not the account exists',
        security: [],
        body: RequestBody,
        response: { 202: Type.Object({ status: Type.Literal('accepted'), detail: Type.String() }), ...problems(429) },
      },
    },
    async (request, reply) => {
      const login = request.body.username ?? request.body.email;
      if (login === undefined) throw badRequest('invalid_request', 'Send username or email.');
      await passwordReset.request(login, clientInfo(request));
      return reply.code(202).send(ACCEPTED);
    },
  );

  app.post(
    '/auth/password-reset/inspect',
    {
      schema: {
        tags: ['auth'],
        operationId: 'inspectPasswordReset',
        summary: 'What a reset link is about (whose password, whether a code is needed), without using it up',
        security: [],
        body: TokenBody,
        response: { 200: Inspection },
      },
    },
    async (request) => passwordReset.inspect(request.body.token),
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      schema: {
        tags: ['auth'],
        operationId: 'confirmPasswordReset',
        summary: 'Set a new password with the token from the mail; ends every session',
        security: [],
        body: ConfirmBody,
        response: { 204: NoContent, ...problems(422, 429) },
      },
    },
    async (request, reply) => {
      await passwordReset.confirm(request.body, clientInfo(request));
      return reply.code(204).send(null);
    },
  );
};
