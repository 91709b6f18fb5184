import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf, interactiveOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { PaginationQuery, pageOf, readCursor } from '../../http/pagination.js';
import { IdParams, NoContent, problems } from '../../http/schemas.js';
import type { AuthService } from '../auth/service.js';
import type { TokenService } from './service.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const Scope = Type.Union([Type.Literal('readonly'), Type.Literal('readwrite')]);

const tokenFields = {
  id: Type.String(),
  name: Type.String(),
  scope: Scope,
  prefix: Type.String({ description: 'the first characters of the token, to tell tokens apart' }),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Nullable(Type.String({ format: 'date-time' })),
  expired: Type.Boolean(),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  lastUsedIp: Nullable(Type.String()),
};
const TokenSchema = Type.Object(tokenFields);
const CreatedTokenSchema = Type.Object({ token: Type.String({ description: 'shown once' }), ...tokenFields });

const CreateTokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 400 }),
  scope: Scope,
  expiresAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 're-authentication in the same request' })),
});

/**
 * API tokens of the signed-in user. Every route here needs an interactive session: a token can
 * neither see, mint nor revoke tokens. Minting also needs a recent sign-in or the password.
 */
export const tokenRoutes: FastifyPluginAsyncTypebox<{ tokens: TokenService; auth: AuthService }> = async (app, { tokens, auth }) => {
  app.get(
    '/tokens',
    {
      preHandler: app.requireInteractive,
      schema: {
        tags: ['tokens'],
        operationId: 'listTokens',
        summary: 'API tokens of the signed-in user, newest first (never the token itself)',
        querystring: Type.Object(PaginationQuery),
        response: { 200: pageOf(TokenSchema) },
      },
    },
    async (request) => {
      const { limit = 20, cursor } = request.query;
      return tokens.list(authOf(request).user.id, limit, readCursor(cursor));
    },
  );

  app.get(
    '/tokens/policy',
    {
      preHandler: app.requireInteractive,
      schema: {
        tags: ['tokens'],
        operationId: 'getTokenPolicy',
        summary: 'The admin cap on token lifetime, for the token form',
        response: {
          200: Type.Object({
            maxLifetimeDays: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'null: no cap' }),
            latestExpiresAt: Nullable(
              Type.String({ format: 'date-time', description: 'the latest expiresAt accepted now; also the expiry of a token created without one' }),
            ),
          }),
        },
      },
    },
    async () => tokens.policy(),
  );

  app.post(
    '/tokens',
    {
      preHandler: app.requireInteractive,
      schema: {
        tags: ['tokens'],
        operationId: 'createToken',
        summary: 'Create an API token; the token is in this response only',
        body: CreateTokenBody,
        response: {
          201: CreatedTokenSchema,
          ...problems(422, 429),
        },
      },
    },
    async (request, reply) => {
      const caller = interactiveOf(request);
      const client = clientInfo(request);
      await auth.assertRecentlyAuthenticated(caller, request.body.password, client);
      const { name, scope, expiresAt } = request.body;
      return reply.code(201).send(await tokens.create(caller.user.id, { name, scope, expiresAt }, client));
    },
  );

  app.delete(
    '/tokens/:id',
    {
      preHandler: app.requireInteractive,
      schema: { tags: ['tokens'], operationId: 'revokeToken', summary: 'Revoke a token at once', params: IdParams, response: { 204: NoContent, ...problems(404) } },
    },
    async (request, reply) => {
      await tokens.revoke(authOf(request).user.id, request.params.id, clientInfo(request));
      return reply.code(204).send(null);
    },
  );
};
