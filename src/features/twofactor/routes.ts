import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { preHandlerAsyncHookHandler } from 'fastify';
import { Type } from 'typebox';
import { interactiveOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { NoContent, bodyOptional, problems } from '../../http/schemas.js';
import type { TwoFactorService } from './service.js';

const Password = Type.String({ minLength: 1, maxLength: 4096 });
const OptionalPassword = Type.Optional(
  Type.String({ minLength: 1, maxLength: 4096, description: 're-authentication in this request, when the last one is older than the window' }),
);
const Code = Type.String({ minLength: 1, maxLength: 64, description: 'the 6-digit code shown by the authenticator app' });
const RecoveryCodes = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: 'shown once: store them somewhere safe' }),
});

export const twoFactorRoutes: FastifyPluginAsyncTypebox<{
  twoFactor: TwoFactorService;
  /** refuses users whose directory provides their second factor (403 managed_by_directory) */
  managedHere: preHandlerAsyncHookHandler;
}> = async (app, { twoFactor, managedHere }) => {
  app.addHook('preHandler', app.requireInteractive);
  app.addHook('preHandler', managedHere);

  app.post(
    '/profile/twofactor/totp/setup',
    {
      preValidation: bodyOptional,
      schema: {
        tags: ['twofactor'],
        operationId: 'setupTotp',
        summary: 'Start TOTP enrolment: a fresh secret, its otpauth:// URI and the QR code (SVG)',
        body: Type.Object({ password: OptionalPassword }),
        response: {
          200: Type.Object({ secret: Type.String(), otpauthUri: Type.String(), qrSvg: Type.String() }),
          ...problems(409, 429),
        },
      },
    },
    async (request) => twoFactor.setup(interactiveOf(request), request.body.password, clientInfo(request)),
  );

  app.post(
    '/profile/twofactor/totp/enable',
    {
      schema: {
        tags: ['twofactor'],
        operationId: 'enableTotp',
        summary: 'Confirm the pending secret with a code; returns 10 single-use recovery codes, once',
        body: Type.Object({ code: Code, password: OptionalPassword }),
        response: { 200: RecoveryCodes, ...problems(409, 422, 429) },
      },
    },
    async (request) => ({
      recoveryCodes: await twoFactor.enable(interactiveOf(request), request.body.code, request.body.password, clientInfo(request)),
    }),
  );

  app.post(
    '/profile/twofactor/totp/disable',
    {
      schema: {
        tags: ['twofactor'],
        operationId: 'disableTotp',
        summary: 'Turn TOTP off (the password is always required)',
        body: Type.Object({ password: Password }),
        response: { 204: NoContent, ...problems(409, 429) },
      },
    },
    async (request, reply) => {
      await twoFactor.disable(interactiveOf(request), request.body.password, clientInfo(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/profile/twofactor/recovery-codes',
    {
      preValidation: bodyOptional,
      schema: {
        tags: ['twofactor'],
        operationId: 'renewRecoveryCodes',
        summary: 'A fresh set of recovery codes; the old ones stop working',
        body: Type.Object({ password: OptionalPassword }),
        response: { 200: RecoveryCodes, ...problems(409, 429) },
      },
    },
    async (request) => ({
      recoveryCodes: await twoFactor.regenerateRecoveryCodes(interactiveOf(request), request.body.password, clientInfo(request)),
    }),
  );
};
