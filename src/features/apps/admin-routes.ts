import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PaginationQuery, pageOf, readCursor } from '../../http/pagination.js';
import { IdParams, NoContent, problems } from '../../http/schemas.js';
import { type AppService, appView } from './service.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const appFields = {
  id: Type.String(),
  name: Type.String(),
  url: Nullable(Type.String()),
  secretPrefix: Type.String({ description: 'the first characters of the current secret' }),
  secretRotatedAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};
const AppSchema = Type.Object(appFields);
const AppWithSecretSchema = Type.Object({ ...appFields, secret: Type.String({ description: 'shown once' }) });

const UrlField = Nullable(Type.String({ maxLength: 4096 }));

/** The registry of apps that verify users (admins only). */
export const adminAppRoutes: FastifyPluginAsyncTypebox<{ apps: AppService }> = async (app, { apps }) => {
  app.addHook('preValidation', app.requireAdmin);

  app.get(
    '/admin/apps',
    {
      schema: {
        tags: ['apps'],
        operationId: 'listApps',
        summary: 'Registered apps, oldest first',
        querystring: Type.Object(PaginationQuery),
        response: { 200: pageOf(AppSchema) },
      },
    },
    async (request) => {
      const { limit = 20, cursor } = request.query;
      return apps.list(limit, readCursor(cursor));
    },
  );

  app.post(
    '/admin/apps',
    {
      schema: {
        tags: ['apps'],
        operationId: 'registerApp',
        summary: 'Register an app; its secret is in this response only',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 400 }), url: Type.Optional(UrlField) }),
        response: { 201: AppWithSecretSchema },
      },
    },
    async (request, reply) => {
      const { app: created, secret } = await apps.create(request.body);
      return reply.code(201).send({ ...created, secret });
    },
  );

  app.get(
    '/admin/apps/:id',
    { schema: { tags: ['apps'], operationId: 'getApp', summary: 'One app', params: IdParams, response: { 200: AppSchema, ...problems(404) } } },
    async (request) => appView(await apps.get(request.params.id)),
  );

  app.patch(
    '/admin/apps/:id',
    {
      schema: {
        tags: ['apps'],
        operationId: 'updateApp',
        summary: 'Rename an app or change its URL',
        params: IdParams,
        body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })), url: Type.Optional(UrlField) }),
        response: { 200: AppSchema, ...problems(404) },
      },
    },
    async (request) => apps.update(request.params.id, request.body),
  );

  app.post(
    '/admin/apps/:id/secret',
    {
      schema: {
        tags: ['apps'],
        operationId: 'rotateAppSecret',
        summary: 'Rotate the secret: a new one is in this response only, the old one stops working',
        params: IdParams,
        response: { 200: AppWithSecretSchema, ...problems(404) },
      },
    },
    async (request) => {
      const { app: rotated, secret } = await apps.rotateSecret(request.params.id);
      return { ...rotated, secret };
    },
  );

  app.delete(
    '/admin/apps/:id',
    {
      schema: {
        tags: ['apps'],
        operationId: 'deleteApp',
        summary: 'Delete an app and every app password made for it',
        params: IdParams,
        response: { 204: NoContent, ...problems(404) },
      },
    },
    async (request, reply) => {
      await apps.delete(request.params.id);
      return reply.code(204).send(null);
    },
  );
};
