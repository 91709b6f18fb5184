import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clientInfo } from '../../http/client-info.js';
import { problems } from '../../http/schemas.js';
import type { EmailChangeService } from './email-change-service.js';

const TokenBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 256, description: 'from the link in the mail' }) });
const EmailResult = Type.Object({
  email: Type.String({ description: 'the primary address now' }),
  recoveryEmail: Type.Optional(
    Type.Union([Type.String(), Type.Null()], { description: 'present when the link was about the recovery address: the one now in force (null: the primary)' }),
  ),
});

const Inspection = Type.Object({
  address: Type.Union([Type.String(), Type.Null()], {
    description: 'confirm: the new address; undo: the address that comes back (null: a recovery undo back to none, resets go to the primary)',
  }),
  kind: Type.Union([Type.Literal('primary'), Type.Literal('recovery')]),
  action: Type.Union([Type.Literal('confirm'), Type.Literal('undo')]),
  username: Type.String({ description: 'whose address it is' }),
  current: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'undo only: the address in force now, which the undo replaces' })),
  expiresAt: Type.String({ format: 'date-time' }),
});

/**
 * All three work without a session: the token from the mail is the proof. They serve the links of the
 * primary and of the recovery address alike; the token's purpose decides which changes.
 */
export const emailChangeRoutes: FastifyPluginAsyncTypebox<{ emailChange: EmailChangeService }> = async (app, { emailChange }) => {
  app.post(
    '/profile/email/confirm',
    {
      schema: {
        tags: ['profile'],
        operationId: 'confirmEmail',
        summary: 'Confirm a new primary or recovery email address with the token mailed to it',
        security: [],
        body: TokenBody,
        response: { 200: EmailResult, ...problems(409) },
      },
    },
    async (request) => emailChange.confirm(request.body.token, clientInfo(request)),
  );

  app.post(
    '/profile/email/inspect',
    {
      schema: {
        tags: ['profile'],
        operationId: 'inspectEmailLink',
        summary: 'What a confirm or undo link is about (which address of whose), without using it up',
        security: [],
        body: TokenBody,
        response: { 200: Inspection },
      },
    },
    async (request) => emailChange.inspect(request.body.token),
  );

  app.post(
    '/profile/email/undo',
    {
      schema: {
        tags: ['profile'],
        operationId: 'undoEmailChange',
        summary: 'Undo a primary or recovery email change with the token from the notice; ends every session',
        security: [],
        body: TokenBody,
        response: { 200: EmailResult, ...problems(409) },
      },
    },
    async (request) => emailChange.undo(request.body.token, clientInfo(request)),
  );
};
