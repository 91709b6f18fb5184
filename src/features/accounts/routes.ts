import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf } from '../../http/authenticate.js';
import { PaginationQuery, pageOf, readCursor } from '../../http/pagination.js';
import { IdParams, problems } from '../../http/schemas.js';
import { membershipOf, requireAccountMember } from './guard.js';
import type { AccountService } from './service.js';
import { MembershipSchema } from './view.js';

/** The member's side: my accounts, and one account (everything under /accounts/:id is guarded). */
export const accountRoutes: FastifyPluginAsyncTypebox<{ accounts: AccountService }> = async (app, { accounts }) => {
  app.get(
    '/accounts',
    {
      preHandler: app.requireUser,
      schema: {
        tags: ['accounts'],
        operationId: 'listMemberships',
        summary: 'The accounts I belong to, with my group and whether their MFA rule is met',
        querystring: Type.Object(PaginationQuery),
        response: { 200: pageOf(MembershipSchema) },
      },
    },
    async (request) => {
      const { limit = 20, cursor } = request.query;
      return accounts.listForUser(authOf(request).user, limit, readCursor(cursor));
    },
  );

  // Every route in this scope — today's and future ones — passes the membership and MFA check.
  await app.register(
    async (account) => {
      account.decorateRequest('membership', null);
      account.addHook('preHandler', app.requireUser);
      account.addHook('preHandler', requireAccountMember(accounts));

      account.get(
        '/',
        {
          schema: {
            tags: ['accounts'],
            operationId: 'getMembership',
            summary: 'One of my accounts with my group; 403 mfa_required while it demands MFA I do not have',
            params: IdParams,
            response: { 200: MembershipSchema, ...problems(404) },
          },
        },
        async (request) => membershipOf(request),
      );
    },
    { prefix: '/accounts/:id' },
  );
};
