import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PaginationQuery, pageOf, readCursor } from '../../http/pagination.js';
import type { AppService } from './service.js';

const PublicAppSchema = Type.Object({ id: Type.String(), name: Type.String(), url: Type.Union([Type.String(), Type.Null()]) });

/** The apps a signed-in user may make app passwords for. */
export const appRoutes: FastifyPluginAsyncTypebox<{ apps: AppService }> = async (app, { apps }) => {
  app.get(
    '/apps',
    {
      preHandler: app.requireUser,
      schema: {
        tags: ['apps'],
        operationId: 'listAvailableApps',
        summary: 'Registered apps (to pick one for an app password)',
        querystring: Type.Object(PaginationQuery),
        response: { 200: pageOf(PublicAppSchema) },
      },
    },
    async (request) => {
      const { limit = 20, cursor } = request.query;
      return apps.listPublic(limit, readCursor(cursor));
    },
  );
};
