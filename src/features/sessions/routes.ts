import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { PaginationQuery, pageOf, readCursor } from '../../http/pagination.js';
import { IdParams, NoContent, problems } from '../../http/schemas.js';
import type { SessionService } from './service.js';

const Nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()]);

export const SessionSchema = Type.Object({
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
  device: Type.Union([Type.Literal('desktop'), Type.Literal('phone'), Type.Literal('tablet'), Type.Literal('other')], { description: 'the kind of device, from the User-Agent' }),
  method: Type.String(),
  apps: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), { description: 'the apps signed in to through this session (single sign-on)' }),
});

/** The apps each of a user's sessions signed in to (single sign-on), by session id. */
export type AppsBySession = (userId: string) => Promise<Map<string, { id: string; name: string }[]>>;

export const sessionRoutes: FastifyPluginAsyncTypebox<{ sessions: SessionService; appsBySession: AppsBySession }> = async (app, { sessions, appsBySession }) => {
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
      const page = await sessions.list(auth.user.id, auth.session?.id ?? null, state, limit, readCursor(cursor));
      const apps = await appsBySession(auth.user.id);
      return { ...page, items: page.items.map((item) => ({ ...item, apps: apps.get(item.id) ?? [] })) };
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
