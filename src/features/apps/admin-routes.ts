import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PaginationQuery, pageOf, readCursor } from '../../http/pagination.js';
import { IdParams, NoContent, problems } from '../../http/schemas.js';
import { type AppService, appView } from './service.js';
import { auditByOf } from '../audit/by.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const appFields = {
  id: Type.String(),
  name: Type.String(),
  url: Nullable(Type.String()),
  secretPrefix: Type.String({ description: 'the first characters of the current secret' }),
  secretRotatedAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  redirectUris: Type.Array(Type.String(), { description: 'OpenID Connect: exact redirect URIs; an app with one is a client (client_id = id)' }),
  postLogoutRedirectUris: Type.Array(Type.String()),
  backchannelLogoutUri: Nullable(Type.String()),
  confidential: Type.Boolean({ description: 'keeps its secret (client secret = the app secret); false: public, PKCE only' }),
  consent: Type.Union([Type.Literal('required'), Type.Literal('implicit')]),
  access: Type.Object({ accounts: Type.Array(Type.String()), groups: Type.Array(Type.String()) }, { description: 'who may sign in to it; both empty: everyone' }),
};
const AppSchema = Type.Object(appFields);
const AppWithSecretSchema = Type.Object({ ...appFields, secret: Type.String({ description: 'shown once' }) });

const UrlField = Nullable(Type.String({ maxLength: 4096 }));
const UriList = Type.Array(Type.String({ minLength: 1, maxLength: 2048 }), { maxItems: 20 });
const IdList = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100 });
const oidcInput = {
  redirectUris: Type.Optional(UriList),
  postLogoutRedirectUris: Type.Optional(UriList),
  backchannelLogoutUri: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 2048 }))),
  confidential: Type.Optional(Type.Boolean()),
  consent: Type.Optional(Type.Union([Type.Literal('required'), Type.Literal('implicit')])),
  access: Type.Optional(Type.Object({ accounts: Type.Optional(IdList), groups: Type.Optional(IdList) })),
};

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
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 400 }), url: Type.Optional(UrlField), ...oidcInput }),
        response: { 201: AppWithSecretSchema, ...problems(400) },
      },
    },
    async (request, reply) => {
      const { app: created, secret } = await apps.create(request.body, auditByOf(request));
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
        body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })), url: Type.Optional(UrlField), ...oidcInput }),
        response: { 200: AppSchema, ...problems(400, 404) },
      },
    },
    async (request) => apps.update(request.params.id, request.body, auditByOf(request)),
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
      const { app: rotated, secret } = await apps.rotateSecret(request.params.id, auditByOf(request));
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
      await apps.delete(request.params.id, auditByOf(request));
      return reply.code(204).send(null);
    },
  );
};
