import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { PaginationQuery, pageOf, readCursor } from '../../http/pagination.js';
import { IdParams, NoContent, problems } from '../../http/schemas.js';
import type { SessionService } from './service.js';

const Nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()]);

const SessionSchema = Type.Object({
  id: Type.String(),
  current: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  endedAt: Nullable(Type.String({ format: 'date-time' })),
  endReason: Nullable(Type.String()),
  ip: Type.String(),
  userAgent: Type.String(),
  browser: Nullable(Type.String()),
  os: Nullable(Type.String()),
  method: Type.String(),
});

export const sessionRoutes: FastifyPluginAsyncTypebox<{ sessions: SessionService }> = async (app, { sessions }) => {
  app.get(
    '/sessions',
    {
      preHandler: app.requireUser,
      schema: {
        tags: ['sessions'],
        operationId: 'listSessions',
        summary: 'Sessions of the signed-in user, newest first',
        querystring: Type.Object({
          state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('ended'), Type.Literal('all')], { default: 'active' })),
          ...PaginationQuery,
        }),
        response: { 200: pageOf(SessionSchema) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const { state = 'active', limit = 20, cursor } = request.query;
      return sessions.list(auth.user.id, auth.session?.id ?? null, state, limit, readCursor(cursor));
    },
  );

  app.delete(
    '/sessions/:id',
    {
      preHandler: app.requireUser,
      schema: { tags: ['sessions'], operationId: 'revokeSession', summary: 'End one session', params: IdParams, response: { 204: NoContent, ...problems(404) } },
    },
    async (request, reply) => {
      await sessions.revoke(authOf(request).user.id, request.params.id, clientInfo(request));
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/sessions',
    {
      preHandler: app.requireUser,
      schema: { tags: ['sessions'], operationId: 'revokeOtherSessions', summary: 'End every session but the current one', response: { 204: NoContent } },
    },
    async (request, reply) => {
      const auth = authOf(request);
      await sessions.revokeOthers(auth.user.id, auth.session?.id ?? null, clientInfo(request));
      return reply.code(204).send(null);
    },
  );
};
