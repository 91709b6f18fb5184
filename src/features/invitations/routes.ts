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

/** Accepting an invitation (the link in the mail; no session before, a session after). */
export const invitationRoutes: FastifyPluginAsyncTypebox<{ invitations: InvitationService; secureCookies: boolean }> = async (
  app,
  { invitations, secureCookies },
) => {
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
