import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { IdParams, NoContent, problems } from '../../http/schemas.js';
import { requireUserManager } from '../users/admin-guards.js';
import type { TwoFactorService } from './service.js';

export const twoFactorAdminRoutes: FastifyPluginAsyncTypebox<{ twoFactor: TwoFactorService }> = async (app, { twoFactor }) => {
  app.post(
    '/admin/users/:id/twofactor/reset',
    {
      preValidation: requireUserManager(app),
      schema: {
        tags: ['twofactor'],
        operationId: 'resetUserTwoFactor',
        summary: "Turn off a user's second factor (lost device); ends all of that user's sessions",
        params: IdParams,
        response: { 204: NoContent, ...problems(404, 409) },
      },
    },
    async (request, reply) => {
      await twoFactor.resetByAdmin(request.params.id, authOf(request).user, clientInfo(request));
      return reply.code(204).send(null);
    },
  );
};
