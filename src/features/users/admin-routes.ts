import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clientInfo } from '../../http/client-info.js';
import { pageOf } from '../../http/pagination.js';
import { IdParams, NoContent, problems } from '../../http/schemas.js';
import { UserTableItemSchema, UserTableQuerySchema } from './admin-list.js';
import { LANGUAGES } from './rules.js';
import { UserSchema, userView } from './view.js';
import { actorOf, requireUserManager } from './admin-guards.js';
import type { AdminUserService } from './admin-service.js';

const RoleSchema = Type.Union([Type.Literal('user'), Type.Literal('usermanager'), Type.Literal('admin')]);

const CreateUserBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  email: Type.String({ minLength: 3, maxLength: 254 }),
  displayName: Type.Optional(Type.String({ maxLength: 400 })),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'omit to generate one (or with `invite`)' })),
  role: Type.Optional(RoleSchema),
  language: Type.Optional(Type.Enum(LANGUAGES, { description: 'the language of the invitation mail and of the dashboard; default en' })),
  invite: Type.Optional(
    Type.Boolean({ default: false, description: 'true: no password; a mailed link (single use, 7 days) lets the user choose one. Not with `password`' }),
  ),
  mustChangePassword: Type.Optional(
    Type.Boolean({ default: false, description: 'the password (given or generated) is temporary: the next password sign-in asks for a new one' }),
  ),
});

const PatchUserBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ maxLength: 400 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    recoveryEmail: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
    role: Type.Optional(RoleSchema),
    disabled: Type.Optional(Type.Boolean({ description: 'true ends every session and token use at once' })),
    mustChangePassword: Type.Optional(
      Type.Boolean({ description: 'true: the current password is temporary, the next password sign-in asks for a new one; false: no longer' }),
    ),
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
        response: { 200: pageOf(UserTableItemSchema), ...problems(404) },
      },
    },
    async (request) => {
      const { q, role, twoFactor, disabled, source, notInAccount, sort = 'created', order, limit = 20, cursor } = request.query;
      return adminUsers.list(
        actorOf(request),
        { search: q?.trim() || null, role: role ?? null, twoFactor: twoFactor ?? null, disabled: disabled ?? null, source: source ?? null, notInAccount: notInAccount ?? null, sort, order: order ?? null, limit },
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
        summary: 'Create a user; a generated password is returned once; or invite them by mail to choose their own',
        body: CreateUserBody,
        response: {
          201: Type.Object({ user: UserSchema, password: Type.Union([Type.String(), Type.Null()]) }),
          ...problems(409, 422),
        },
      },
    },
    async (request, reply) => {
      const { username, email, displayName, password, role, language, invite, mustChangePassword } = request.body;
      const created = await adminUsers.create(
        actorOf(request),
        { username, email, displayName, password: password ?? null, role, language, invite, mustChangePassword },
        clientInfo(request),
      );
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
        summary: 'Change a user: name, emails, role, disabled (the last admin stays an admin), whether the password is temporary',
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

  app.post(
    '/admin/users/:id/invitation',
    {
      schema: {
        tags: ['users'],
        operationId: 'resendInvitation',
        summary: 'Send the invitation again to a user who has not chosen a password yet; the older link dies',
        params: IdParams,
        response: { 202: Type.Object({ status: Type.Literal('sent') }), ...problems(404, 409, 429) },
      },
    },
    async (request, reply) => {
      await adminUsers.resendInvitation(actorOf(request), request.params.id, clientInfo(request));
      return reply.code(202).send({ status: 'sent' as const });
    },
  );
};
