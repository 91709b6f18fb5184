import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { interactiveOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { problems } from '../../http/schemas.js';
import type { AuthService } from '../auth/service.js';
import type { DataExportService } from './service.js';

const ZipBody = Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'application/zip' });

/** "Download your data". */
export const dataExportRoutes: FastifyPluginAsyncTypebox<{ exporter: DataExportService; auth: Pick<AuthService, 'assertRecentlyAuthenticated'> }> = async (
  app,
  { exporter, auth },
) => {
  app.get(
    '/profile/export',
    {
      preHandler: app.requireInteractive,
      schema: {
        tags: ['profile'],
        operationId: 'exportData',
        summary:
          'Everything about you, as a zip: profile, sessions, events, tokens and app passwords (metadata), passkeys, memberships, connected apps, your pictures; needs a recent sign-in',
        response: { 200: ZipBody, ...problems(403) },
      },
    },
    async (request, reply) => {
      const caller = interactiveOf(request);
      await auth.assertRecentlyAuthenticated(caller, undefined, clientInfo(request));
      const zip = await exporter.zip(caller.user, caller.session.id);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="userhub-${caller.user.username}-${day}.zip"`)
        .header('cache-control', 'no-store')
        .send(zip);
    },
  );
};
