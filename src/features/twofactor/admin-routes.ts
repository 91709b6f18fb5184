import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { Type } from 'typebox';
import { IdParams, problems } from '../../http/schemas.js';
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
        summary: "Turn off a user's second factor (lost device): TOTP, recovery codes and passkeys; ends all of that user's sessions",
        params: IdParams,
        response: {
          200: Type.Object({
            totpRemoved: Type.Boolean(),
            passkeysRemoved: Type.Integer({ minimum: 0 }),
            sessionsEnded: Type.Integer({ minimum: 0 }),
          }),
          ...problems(404, 409),
        },
      },
    },
    async (request) => {
      const { totpRemoved, passkeysRemoved, sessionsEnded } = await twoFactor.resetByAdmin(request.params.id, authOf(request).user, clientInfo(request));
      return { totpRemoved, passkeysRemoved, sessionsEnded };
    },
  );
};
