import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clientInfo } from '../../http/client-info.js';
import { problems } from '../../http/schemas.js';
import { SignedInSchema, answerSignedIn } from '../auth/sign-in-answer.js';
import type { InvitationService } from './service.js';

const AcceptBody = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 256, description: 'from the link in the invitation mail' }),
  newPassword: Type.String({ minLength: 1, maxLength: 4096 }),
});

const TokenBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 256, description: 'from the link in the invitation mail' }) });

const Inspection = Type.Object({
  username: Type.String({ description: 'the username the invitation signs in as' }),
  displayName: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
});

/** Accepting an invitation (the link in the mail; no session before, a session after). */
export const invitationRoutes: FastifyPluginAsyncTypebox<{ invitations: InvitationService; secureCookies: boolean }> = async (
  app,
  { invitations, secureCookies },
) => {
  app.post(
    '/auth/invitation/inspect',
    {
      schema: {
        tags: ['auth'],
        operationId: 'inspectInvitation',
        summary: 'Whose invitation a link is (the username it signs in as), without using it up',
        security: [],
        body: TokenBody,
        response: { 200: Inspection },
      },
    },
    async (request) => invitations.inspect(request.body.token),
  );

  app.post(
    '/auth/invitation',
    {
      schema: {
        tags: ['auth'],
        operationId: 'acceptInvitation',
        summary: 'Accept an invitation: choose the password with the token from the mail, and be signed in',
        security: [],
        body: AcceptBody,
        response: { 200: SignedInSchema, ...problems(422) },
      },
    },
    async (request, reply) => {
      const result = await invitations.accept(request.body.token, request.body.newPassword, clientInfo(request));
      return answerSignedIn(reply, result, secureCookies);
    },
  );
};
