import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { problems } from '../../http/schemas.js';
import { clearSessionCookie } from '../../http/session-cookie.js';
import type { LockdownService } from './service.js';
import { LockdownResultSchema } from './view.js';

const LinkBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 256, description: 'from the link in a security notice' }) });

const Inspection = Type.Object({
  username: Type.String({ description: 'whose account the link locks' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

/** "This wasn't me": from a security notice's link (no session), or signed in. */
export const lockdownRoutes: FastifyPluginAsyncTypebox<{ lockdown: LockdownService; secureCookies: boolean }> = async (app, { lockdown, secureCookies }) => {
  app.post(
    '/auth/lockdown/inspect',
    {
      schema: {
        tags: ['auth'],
        operationId: 'inspectLockdownLink',
        summary: 'Whose account a lockdown link locks, without using it up',
        security: [],
        body: LinkBody,
        response: { 200: Inspection, ...problems(400) },
      },
    },
    async (request) => lockdown.inspect(request.body.token),
  );

  app.post(
    '/auth/lockdown',
    {
      schema: {
        tags: ['auth'],
        operationId: 'lockDownByLink',
        summary: "This wasn't me: lock the account with the link of a security notice (ends every session, revokes every credential, asks for a password reset)",
        security: [],
        body: LinkBody,
        response: { 200: LockdownResultSchema, ...problems(400) },
      },
    },
    async (request) => ({ status: 'locked' as const, ...(await lockdown.byLink(request.body.token, clientInfo(request))) }),
  );

  app.post(
    '/profile/lockdown',
    {
      preHandler: app.requireInteractive,
      schema: {
        tags: ['profile'],
        operationId: 'lockDown',
        summary: "This wasn't me: lock your own account (ends every session, this one too, revokes every credential, asks for a password reset)",
        response: { 200: LockdownResultSchema },
      },
    },
    async (request, reply) => {
      const result = await lockdown.bySession(authOf(request).user, clientInfo(request));
      clearSessionCookie(reply, secureCookies);
      return { status: 'locked' as const, ...result };
    },
  );
};
