import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { preHandlerAsyncHookHandler } from 'fastify';
import { Type } from 'typebox';
import { authOf, interactiveOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { IdParams, NoContent, bodyOptional, problems } from '../../http/schemas.js';
import { CreationOptionsSchema, RegistrationResponseSchema } from './schemas.js';
import type { PasskeyService } from './service.js';
import { PasskeySchema } from './view.js';

const Name = Type.String({ minLength: 1, maxLength: 256, description: '1–64 characters; default: the provider, or "Passkey"' });

/** The signed-in user's passkeys. Interactive sessions only: an API token cannot see or add passkeys. */
export const passkeyRoutes: FastifyPluginAsyncTypebox<{
  passkeys: PasskeyService;
  /** refuses users whose directory provides their second factor (403 managed_by_directory) */
  managedHere: preHandlerAsyncHookHandler;
}> = async (app, { passkeys, managedHere }) => {
  app.addHook('preHandler', app.requireInteractive);

  app.post(
    '/profile/passkeys/registration/options',
    {
      preValidation: bodyOptional,
      preHandler: managedHere,
      schema: {
        tags: ['passkeys'],
        operationId: 'passkeyRegistrationOptions',
        summary: 'Start adding a passkey: options for navigator.credentials.create (sensitive: recent sign-in)',
        body: Type.Object({
          password: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 're-authentication in the same request' })),
        }),
        response: { 200: CreationOptionsSchema, ...problems(422, 429) },
      },
    },
    async (request) => passkeys.registrationOptions(interactiveOf(request), request.body.password, clientInfo(request)),
  );

  app.post(
    '/profile/passkeys/registration',
    {
      preHandler: managedHere,
      schema: {
        tags: ['passkeys'],
        operationId: 'registerPasskey',
        summary: "Finish adding a passkey: the authenticator's answer, and a name",
        body: Type.Object({ response: RegistrationResponseSchema, name: Type.Optional(Name) }),
        response: { 201: PasskeySchema, ...problems(400, 409, 422) },
      },
    },
    async (request, reply) => {
      const { response, name } = request.body;
      return reply.code(201).send(await passkeys.register(interactiveOf(request), response, name, clientInfo(request)));
    },
  );

  app.get(
    '/profile/passkeys',
    {
      schema: {
        tags: ['passkeys'],
        operationId: 'listPasskeys',
        summary: 'The passkeys of the signed-in user, oldest first (at most 20)',
        response: { 200: Type.Object({ items: Type.Array(PasskeySchema) }) },
      },
    },
    async (request) => ({ items: await passkeys.list(authOf(request).user.id) }),
  );

  app.patch(
    '/profile/passkeys/:id',
    {
      schema: {
        tags: ['passkeys'],
        operationId: 'renamePasskey',
        summary: 'Rename a passkey',
        params: IdParams,
        body: Type.Object({ name: Name }),
        response: { 200: PasskeySchema, ...problems(400, 404) },
      },
    },
    async (request) => passkeys.rename(authOf(request).user.id, request.params.id, request.body.name, clientInfo(request)),
  );

  app.delete(
    '/profile/passkeys/:id',
    {
      schema: {
        tags: ['passkeys'],
        operationId: 'deletePasskey',
        summary: 'Delete a passkey; the other sessions signed in with it end (sensitive: recent sign-in)',
        params: IdParams,
        response: { 204: NoContent, ...problems(404) },
      },
    },
    async (request, reply) => {
      await passkeys.delete(interactiveOf(request), request.params.id, clientInfo(request));
      return reply.code(204).send(null);
    },
  );
};
