import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clientInfo } from '../../http/client-info.js';
import { PaginationQuery, pageOf, readCursor } from '../../http/pagination.js';
import { IdParams, NO_NUL_PATTERN, NoContent, problems } from '../../http/schemas.js';
import { EventSchema } from '../activity/routes.js';
import { SessionSchema } from '../sessions/routes.js';
import { actorOf, requireUserManager } from './admin-guards.js';
import type { AdminUserPage } from './admin-user-page.js';

const AdminSessionSchema = Type.Omit(SessionSchema, ['apps', 'current']);
const MembershipSchema = Type.Object({
  accountId: Type.String(),
  accountName: Type.String(),
  accountType: Type.String(),
  groupId: Type.String(),
  groupName: Type.String(),
  requiresMfa: Type.Boolean(),
});
const SessionParams = Type.Object({ ...IdParams.properties, sessionId: Type.String({ minLength: 1, maxLength: 64, pattern: NO_NUL_PATTERN }) });

/** One user's page in the admin area: sessions, activity, memberships, a password-reset mail. Admins and user managers (plain users only). */
export const adminUserPageRoutes: FastifyPluginAsyncTypebox<{ page: AdminUserPage }> = async (app, { page }) => {
  app.addHook('preValidation', requireUserManager(app));

  app.get(
    '/admin/users/:id/sessions',
    {
      schema: {
        tags: ['users'],
        operationId: 'listUserSessions',
        summary: "The user's active sessions, newest first",
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(AdminSessionSchema) }), ...problems(403, 404) },
      },
    },
    async (request) => ({ items: await page.sessions(actorOf(request), request.params.id) }),
  );

  app.delete(
    '/admin/users/:id/sessions/:sessionId',
    {
      schema: { tags: ['users'], operationId: 'endUserSession', summary: 'End one session of the user', params: SessionParams, response: { 204: NoContent, ...problems(403, 404) } },
    },
    async (request, reply) => {
      await page.endSessions(actorOf(request), request.params.id, request.params.sessionId, clientInfo(request));
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/admin/users/:id/sessions',
    {
      schema: {
        tags: ['users'],
        operationId: 'endUserSessions',
        summary: 'End every session of the user',
        params: IdParams,
        response: { 200: Type.Object({ ended: Type.Integer({ minimum: 0 }) }), ...problems(403, 404) },
      },
    },
    async (request) => ({ ended: await page.endSessions(actorOf(request), request.params.id, null, clientInfo(request)) }),
  );

  app.get(
    '/admin/users/:id/events',
    {
      schema: {
        tags: ['users'],
        operationId: 'listUserEvents',
        summary: "The user's security timeline, newest first",
        params: IdParams,
        querystring: Type.Object(PaginationQuery),
        response: { 200: pageOf(EventSchema), ...problems(403, 404) },
      },
    },
    async (request) => page.events(actorOf(request), request.params.id, request.query.limit ?? 20, readCursor(request.query.cursor)),
  );

  app.get(
    '/admin/users/:id/memberships',
    {
      schema: {
        tags: ['users'],
        operationId: 'listUserMemberships',
        summary: "The user's accounts and their group in each",
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(MembershipSchema) }), ...problems(403, 404) },
      },
    },
    async (request) => ({ items: await page.memberships(actorOf(request), request.params.id) }),
  );

  app.post(
    '/admin/users/:id/password-reset',
    {
      schema: {
        tags: ['users'],
        operationId: 'sendUserPasswordReset',
        summary: 'Mail the user a password-reset link (to their recovery address, else the primary)',
        params: IdParams,
        response: { 202: NoContent, ...problems(403, 404, 429) },
      },
    },
    async (request, reply) => {
      await page.sendPasswordReset(actorOf(request), request.params.id, clientInfo(request));
      return reply.code(202).send(null);
    },
  );
};
