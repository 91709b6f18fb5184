import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clientInfo } from '../../http/client-info.js';
import { pageOf } from '../../http/pagination.js';
import { IdParams, NoContent, problems } from '../../http/schemas.js';
import { UserTableItemSchema, UserTableQuerySchema } from './admin-list.js';
import { UserSchema, userView } from './view.js';
import { actorOf, requireUserManager } from './admin-guards.js';
import type { AdminUserService } from './admin-service.js';

const RoleSchema = Type.Union([Type.Literal('user'), Type.Literal('usermanager'), Type.Literal('admin')]);

const CreateUserBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  email: Type.String({ minLength: 3, maxLength: 254 }),
  displayName: Type.Optional(Type.String({ maxLength: 400 })),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'omit to generate one' })),
  role: Type.Optional(RoleSchema),
});

const PatchUserBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ maxLength: 400 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    recoveryEmail: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
    role: Type.Optional(RoleSchema),
    disabled: Type.Optional(Type.Boolean({ description: 'true ends every session and token use at once' })),
    username: Type.Optional(Type.Unknown({ description: 'refused: 422 username_immutable' })),
  },
  { minProperties: 1 },
);

/**
 * The users API, for admins and user managers. A user manager acts on plain users only and
 * cannot grant roles; see AdminUserService for the rules.
 */
export const adminUserRoutes: FastifyPluginAsyncTypebox<{ adminUsers: AdminUserService }> = async (app, { adminUsers }) => {
  app.addHook('preValidation', requireUserManager(app));

  app.get(
    '/admin/users',
    {
      schema: {
        tags: ['users'],
        operationId: 'listUsers',
        summary: 'The users table: search, filter, sort and page through the users the caller may act on',
        description: 'A user manager sees plain users only. The cursor is tied to its sort and order.',
        querystring: UserTableQuerySchema,
        response: { 200: pageOf(UserTableItemSchema) },
      },
    },
    async (request) => {
      const { q, role, twoFactor, disabled, source, sort = 'created', order, limit = 20, cursor } = request.query;
      return adminUsers.list(
        actorOf(request),
        { search: q?.trim() || null, role: role ?? null, twoFactor: twoFactor ?? null, disabled: disabled ?? null, source: source ?? null, sort, order: order ?? null, limit },
        cursor,
      );
    },
  );

  app.post(
    '/admin/users',
    {
      schema: {
        tags: ['users'],
        operationId: 'createUser',
        summary: 'Create a user; a generated password is returned once',
        body: CreateUserBody,
        response: {
          201: Type.Object({ user: UserSchema, password: Type.Union([Type.String(), Type.Null()]) }),
          ...problems(409, 422),
        },
      },
    },
    async (request, reply) => {
      const { username, email, displayName, password, role } = request.body;
      const created = await adminUsers.create(actorOf(request), { username, email, displayName, password: password ?? null, role }, clientInfo(request));
      return reply.code(201).send({ user: userView(created.user), password: created.generatedPassword });
    },
  );

  app.get(
    '/admin/users/:id',
    {
      schema: {
        tags: ['users'],
        operationId: 'getUser',
        summary: 'One user, as the users table shows them (a user manager: plain users only)',
        params: IdParams,
        response: { 200: UserTableItemSchema, ...problems(403, 404) },
      },
    },
    async (request) => adminUsers.get(actorOf(request), request.params.id),
  );

  app.patch(
    '/admin/users/:id',
    {
      schema: {
        tags: ['users'],
        operationId: 'updateUser',
        summary: 'Change a user: name, emails, role, disabled (the last admin stays an admin)',
        params: IdParams,
        body: PatchUserBody,
        response: { 200: UserSchema, ...problems(404, 409, 422) },
      },
    },
    async (request) => userView(await adminUsers.update(actorOf(request), request.params.id, request.body, clientInfo(request))),
  );

  app.delete(
    '/admin/users/:id',
    {
      schema: {
        tags: ['users'],
        operationId: 'deleteUser',
        summary: 'Delete a user and everything theirs; the username becomes free',
        params: IdParams,
        response: { 204: NoContent, ...problems(404, 409) },
      },
    },
    async (request, reply) => {
      await adminUsers.delete(actorOf(request), request.params.id, clientInfo(request));
      return reply.code(204).send(null);
    },
  );
};
