import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PaginationQuery, pageOf, readCursor } from '../../http/pagination.js';
import { IdParams, NoContent, problems } from '../../http/schemas.js';
import type { AccountService } from './service.js';
import { AccountDetailSchema, AccountSchema, AccountTypeSchema, GroupSchema, MemberSchema } from './view.js';
import { auditByOf } from '../audit/by.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Name = Type.String({ minLength: 1, maxLength: 400 });
const GroupParams = Type.Object({ id: Id, groupId: Id });
const MemberParams = Type.Object({ id: Id, userId: Id });

const CreateAccountBody = Type.Object({
  name: Name,
  type: AccountTypeSchema,
  requiresMfa: Type.Optional(Type.Boolean({ description: 'members without 2FA are refused (403 mfa_required)' })),
});
const PatchAccountBody = Type.Object(
  { name: Type.Optional(Name), type: Type.Optional(AccountTypeSchema), requiresMfa: Type.Optional(Type.Boolean()) },
  { minProperties: 1 },
);

/** Accounts, their groups and members: administrators only. */
export const adminAccountRoutes: FastifyPluginAsyncTypebox<{ accounts: AccountService }> = async (app, { accounts }) => {
  app.addHook('preValidation', app.requireAdmin);

  app.get(
    '/admin/accounts',
    {
      schema: {
        tags: ['accounts'],
        operationId: 'listAccounts',
        summary: 'Accounts, oldest first; q searches the name',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), ...PaginationQuery }),
        response: { 200: pageOf(AccountSchema) },
      },
    },
    async (request) => {
      const { q, limit = 20, cursor } = request.query;
      return accounts.list({ limit, after: readCursor(cursor), search: q?.trim() || null });
    },
  );

  app.post(
    '/admin/accounts',
    { schema: { tags: ['accounts'], operationId: 'createAccount', summary: 'Create an account', body: CreateAccountBody, response: { 201: AccountSchema, ...problems(409) } } },
    async (request, reply) => reply.code(201).send(await accounts.create(request.body, auditByOf(request))),
  );

  app.get(
    '/admin/accounts/:id',
    { schema: { tags: ['accounts'], operationId: 'getAccount', summary: 'One account with its groups and how many members lack a second factor', params: IdParams, response: { 200: AccountDetailSchema, ...problems(404) } } },
    async (request) => accounts.get(request.params.id),
  );

  app.patch(
    '/admin/accounts/:id',
    {
      schema: {
        tags: ['accounts'],
        operationId: 'updateAccount',
        summary: 'Rename, retype, or change the MFA requirement',
        params: IdParams,
        body: PatchAccountBody,
        response: { 200: AccountSchema, ...problems(404, 409) },
      },
    },
    async (request) => accounts.update(request.params.id, request.body, auditByOf(request)),
  );

  app.delete(
    '/admin/accounts/:id',
    {
      schema: { tags: ['accounts'], operationId: 'deleteAccount', summary: 'Delete the account with its groups and memberships (users stay)', params: IdParams, response: { 204: NoContent, ...problems(404) } },
    },
    async (request, reply) => {
      await accounts.delete(request.params.id, auditByOf(request));
      return reply.code(204).send(null);
    },
  );

  // ---- groups

  app.get(
    '/admin/accounts/:id/groups',
    {
      schema: { tags: ['accounts'], operationId: 'listGroups', summary: 'The account’s groups with member counts', params: IdParams, response: { 200: Type.Object({ items: Type.Array(GroupSchema) }), ...problems(404) } },
    },
    async (request) => ({ items: await accounts.listGroups(request.params.id) }),
  );

  app.post(
    '/admin/accounts/:id/groups',
    {
      schema: { tags: ['accounts'], operationId: 'createGroup', summary: 'Create a group', params: IdParams, body: Type.Object({ name: Name }), response: { 201: GroupSchema, ...problems(404, 409) } },
    },
    async (request, reply) => reply.code(201).send(await accounts.createGroup(request.params.id, request.body.name, auditByOf(request))),
  );

  app.patch(
    '/admin/accounts/:id/groups/:groupId',
    {
      schema: { tags: ['accounts'], operationId: 'renameGroup', summary: 'Rename a group', params: GroupParams, body: Type.Object({ name: Name }), response: { 200: GroupSchema, ...problems(404, 409) } },
    },
    async (request) => accounts.renameGroup(request.params.id, request.params.groupId, request.body.name, auditByOf(request)),
  );

  app.delete(
    '/admin/accounts/:id/groups/:groupId',
    {
      schema: { tags: ['accounts'], operationId: 'deleteGroup', summary: 'Delete an empty group (409 group_not_empty otherwise)', params: GroupParams, response: { 204: NoContent, ...problems(404, 409) } },
    },
    async (request, reply) => {
      await accounts.deleteGroup(request.params.id, request.params.groupId, auditByOf(request));
      return reply.code(204).send(null);
    },
  );

  // ---- members

  app.get(
    '/admin/accounts/:id/members',
    {
      schema: {
        tags: ['accounts'],
        operationId: 'listMembers',
        summary: 'Members with their group and whether they have a second factor, oldest first',
        params: IdParams,
        querystring: Type.Object({
          withoutTwoFactor: Type.Optional(Type.Boolean({ description: 'true: only the active members without a second factor (membersWithoutTwoFactor counts them)' })),
          ...PaginationQuery,
        }),
        response: { 200: pageOf(MemberSchema), ...problems(404) },
      },
    },
    async (request) => {
      const { limit = 20, cursor, withoutTwoFactor = false } = request.query;
      return accounts.listMembers(request.params.id, limit, readCursor(cursor), { withoutTwoFactor });
    },
  );

  app.post(
    '/admin/accounts/:id/members',
    {
      schema: {
        tags: ['accounts'],
        operationId: 'addMember',
        summary: 'Add a user to one group of the account (one group per account)',
        params: IdParams,
        body: Type.Object({ userId: Id, groupId: Id }),
        response: { 201: MemberSchema, ...problems(404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await accounts.addMember(request.params.id, request.body.userId, request.body.groupId, auditByOf(request))),
  );

  app.patch(
    '/admin/accounts/:id/members/:userId',
    {
      schema: {
        tags: ['accounts'],
        operationId: 'moveMember',
        summary: 'Move a member to another group of the account',
        params: MemberParams,
        body: Type.Object({ groupId: Id }),
        response: { 200: MemberSchema, ...problems(404, 422) },
      },
    },
    async (request) => accounts.moveMember(request.params.id, request.params.userId, request.body.groupId, auditByOf(request)),
  );

  app.delete(
    '/admin/accounts/:id/members/:userId',
    { schema: { tags: ['accounts'], operationId: 'removeMember', summary: 'Remove a member from the account', params: MemberParams, response: { 204: NoContent, ...problems(404) } } },
    async (request, reply) => {
      await accounts.removeMember(request.params.id, request.params.userId, auditByOf(request));
      return reply.code(204).send(null);
    },
  );
};
