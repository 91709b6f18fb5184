import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf } from '../../http/authenticate.js';
import { PaginationQuery, pageOf, readCursor } from '../../http/pagination.js';
import type { ActivityService } from './service.js';
import { EVENT_KINDS, type EventKind } from './event-types.js';

export const EventSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  ip: Type.Union([Type.String(), Type.Null()]),
  browser: Type.Union([Type.String(), Type.Null()]),
  os: Type.Union([Type.String(), Type.Null()]),
  actor: Type.Object(
    {
      kind: Type.Union([Type.Literal('self'), Type.Literal('admin'), Type.Literal('system'), Type.Literal('directory')]),
      username: Type.Union([Type.String(), Type.Null()], { description: 'the administrator who acted' }),
    },
    { description: 'who did it: the user, an administrator, the command line (system) or the directory sync' },
  ),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const activityRoutes: FastifyPluginAsyncTypebox<{ activity: ActivityService }> = async (app, { activity }) => {
  app.get(
    '/profile/events',
    {
      preHandler: app.requireUser,
      schema: {
        tags: ['activity'],
        operationId: 'listActivity',
        summary: 'Security timeline of the signed-in user, newest first',
        querystring: Type.Object({ kind: Type.Optional(Type.Enum(Object.keys(EVENT_KINDS) as EventKind[], { description: 'only events of this kind' })), ...PaginationQuery }),
        response: { 200: pageOf(EventSchema) },
      },
    },
    async (request) => {
      const { kind, limit = 20, cursor } = request.query;
      return activity.list(authOf(request).user.id, limit, readCursor(cursor), kind ?? null);
    },
  );
};
