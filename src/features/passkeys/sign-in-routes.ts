import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { interactiveOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { bodyOptional, problems } from '../../http/schemas.js';
import { SignedInSchema, answerSignedIn } from '../auth/sign-in-answer.js';
import type { AuthService } from '../auth/service.js';
import { AuthenticationResponseSchema, RequestOptionsSchema } from './schemas.js';

/**
 * Signing in and re-authenticating with a passkey: the challenges, and the passwordless sign-in.
 * The second step of a password sign-in is answered at /auth/login/second-factor (auth routes).
 */
export const passkeySignInRoutes: FastifyPluginAsyncTypebox<{ auth: AuthService; secureCookies: boolean }> = async (
  app,
  { auth, secureCookies },
) => {
  app.post(
    '/auth/passkey/options',
    {
      preValidation: bodyOptional,
      schema: {
        tags: ['passkeys'],
        operationId: 'passkeySignInOptions',
        summary: 'A challenge for a passwordless sign-in (no user named: works with browser autofill)',
        security: [],
        body: Type.Object({}),
        response: {
          200: Type.Object({ challengeId: Type.String(), options: RequestOptionsSchema }),
          ...problems(429),
        },
      },
    },
    async (request) => auth.passkeySignInOptions(clientInfo(request)),
  );

  app.post(
    '/auth/passkey',
    {
      schema: {
        tags: ['passkeys'],
        operationId: 'signInWithPasskey',
        summary: 'Sign in with a passkey (user verification required): a complete sign-in, no second step',
        security: [],
        body: Type.Object({ challengeId: Type.String({ minLength: 1, maxLength: 64 }), response: AuthenticationResponseSchema }),
        response: {
          200: SignedInSchema,
          ...problems(400, 401, 403, 429),
        },
      },
    },
    async (request, reply) => {
      const result = await auth.signInWithPasskey(request.body.challengeId, request.body.response, clientInfo(request));
      return answerSignedIn(reply, result, secureCookies);
    },
  );

  app.post(
    '/auth/login/second-factor/passkey/options',
    {
      schema: {
        tags: ['passkeys'],
        operationId: 'secondFactorPasskeyOptions',
        summary: "A challenge for the second step of a sign-in, answered by one of the ticket's user's passkeys",
        security: [],
        body: Type.Object({ ticket: Type.String({ minLength: 1, maxLength: 256 }) }),
        response: { 200: RequestOptionsSchema, ...problems(401, 409, 429) },
      },
    },
    async (request) => auth.secondFactorPasskeyOptions(request.body.ticket, clientInfo(request)),
  );

  app.post(
    '/auth/reauthenticate/passkey/options',
    {
      preValidation: bodyOptional,
      preHandler: app.requireInteractive,
      schema: {
        tags: ['passkeys'],
        operationId: 'reauthPasskeyOptions',
        summary: 'A challenge for re-authentication with a passkey (then POST /auth/reauthenticate {passkey})',
        body: Type.Object({}),
        response: { 200: RequestOptionsSchema, ...problems(409, 429) },
      },
    },
    async (request) => auth.reauthPasskeyOptions(interactiveOf(request), clientInfo(request)),
  );
};
