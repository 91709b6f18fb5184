import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clientInfo } from '../../http/client-info.js';
import { PaginationQuery, pageOf, readCursor } from '../../http/pagination.js';
import { IdParams, NoContent, problems } from '../../http/schemas.js';
import type { UserService } from '../users/service.js';
import { UserSchema, userView } from '../users/view.js';

const CreateUserBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  email: Type.String({ minLength: 3, maxLength: 254 }),
  displayName: Type.Optional(Type.String({ maxLength: 400 })),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'omit to generate one' })),
  role: Type.Optional(Type.Union([Type.Literal('user'), Type.Literal('usermanager'), Type.Literal('admin')])),
});

export const adminUserRoutes: FastifyPluginAsyncTypebox<{ users: UserService }> = async (app, { users }) => {
  app.addHook('preHandler', app.requireAdmin);

  app.get(
    '/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'List users (oldest first), optionally searching username, email and name',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), ...PaginationQuery }),
        response: { 200: pageOf(UserSchema), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const { q, limit = 20, cursor } = request.query;
      return users.list({ limit, after: readCursor(cursor), search: q?.trim() || null });
    },
  );

  app.post(
    '/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a user; a generated password is returned once',
        body: CreateUserBody,
        response: {
          201: Type.Object({ user: UserSchema, password: Type.Union([Type.String(), Type.Null()]) }),
          ...problems(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { username, email, displayName, password, role } = request.body;
      const created = await users.create({ username, email, displayName, password: password ?? null, role }, clientInfo(request));
      return reply.code(201).send({ user: userView(created.user), password: created.generatedPassword });
    },
  );

  app.get(
    '/admin/users/:id',
    { schema: { tags: ['admin'], summary: 'One user', params: IdParams, response: { 200: UserSchema, ...problems(401, 403, 404) } } },
    async (request) => userView(await users.get(request.params.id)),
  );

  app.delete(
    '/admin/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Delete a user and everything theirs; the username becomes free',
        params: IdParams,
        response: { 204: NoContent, ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await users.delete(request.params.id);
      return reply.code(204).send(null);
    },
  );
};
