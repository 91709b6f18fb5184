import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf, interactiveOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { PaginationQuery, pageOf, readCursor } from '../../http/pagination.js';
import { IdParams, NO_NUL_PATTERN, NoContent, problems } from '../../http/schemas.js';
import type { AuthService } from '../auth/service.js';
import type { AppPasswordService } from './service.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const appPasswordFields = {
  id: Type.String(),
  name: Type.String(),
  appId: Type.String(),
  appName: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  lastUsedIp: Nullable(Type.String()),
};
const AppPasswordSchema = Type.Object(appPasswordFields);
const CreatedAppPasswordSchema = Type.Object({ ...appPasswordFields, password: Type.String({ description: 'shown once' }) });

/**
 * App passwords of the signed-in user. Every route needs an interactive session (API tokens
 * get 403 interactive_session_required); making one also needs a recent sign-in or the password.
 */
export const appPasswordRoutes: FastifyPluginAsyncTypebox<{ appPasswords: AppPasswordService; auth: AuthService }> = async (
  app,
  { appPasswords, auth },
) => {
  app.get(
    '/app-passwords',
    {
      preHandler: app.requireInteractive,
      schema: {
        tags: ['app-passwords'],
        operationId: 'listAppPasswords',
        summary: 'App passwords of the signed-in user, newest first (never the password)',
        querystring: Type.Object(PaginationQuery),
        response: { 200: pageOf(AppPasswordSchema) },
      },
    },
    async (request) => {
      const { limit = 20, cursor } = request.query;
      return appPasswords.list(authOf(request).user.id, limit, readCursor(cursor));
    },
  );

  app.post(
    '/app-passwords',
    {
      preHandler: app.requireInteractive,
      schema: {
        tags: ['app-passwords'],
        operationId: 'createAppPassword',
        summary: 'Create an app password for one app; the password is in this response only',
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 400 }),
          appId: Type.String({ minLength: 1, maxLength: 64, pattern: NO_NUL_PATTERN }),
          password: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 're-authentication in the same request' })),
        }),
        response: { 201: CreatedAppPasswordSchema, ...problems(422, 429) },
      },
    },
    async (request, reply) => {
      const caller = interactiveOf(request);
      const client = clientInfo(request);
      await auth.assertRecentlyAuthenticated(caller, request.body.password, client);
      const { name, appId } = request.body;
      return reply.code(201).send(await appPasswords.create(caller.user.id, { name, appId }, client));
    },
  );

  app.delete(
    '/app-passwords/:id',
    {
      preHandler: app.requireInteractive,
      schema: {
        tags: ['app-passwords'],
        operationId: 'revokeAppPassword',
        summary: 'Revoke an app password at once',
        params: IdParams,
        response: { 204: NoContent, ...problems(404) },
      },
    },
    async (request, reply) => {
      await appPasswords.revoke(authOf(request).user.id, request.params.id, clientInfo(request));
      return reply.code(204).send(null);
    },
  );
};
