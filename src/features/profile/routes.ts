import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { NoContent, problems } from '../../http/schemas.js';
import { DateFormatSchema, LanguageSchema, ProfileSchema, profileView } from './view.js';
import type { ProfileService } from './service.js';

const ProfilePatchBody = Type.Object({
  displayName: Type.Optional(Type.String({ maxLength: 400 })),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  recoveryEmail: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
  language: Type.Optional(LanguageSchema),
  timezone: Type.Optional(Type.String({ maxLength: 64 })),
  dateFormat: Type.Optional(DateFormatSchema),
  newsletter: Type.Optional(Type.Boolean()),
  username: Type.Optional(Type.Unknown({ description: 'refused: 422 username_immutable' })),
  password: Type.Optional(Type.String({ maxLength: 4096, description: 're-authentication for email changes' })),
});

const PasswordBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 4096 }),
  newPassword: Type.String({ minLength: 1, maxLength: 4096 }),
});

export const profileRoutes: FastifyPluginAsyncTypebox<{ profile: ProfileService }> = async (app, { profile }) => {
  app.get(
    '/profile',
    {
      preHandler: app.requireUser,
      schema: { tags: ['profile'], summary: 'The signed-in user', response: { 200: ProfileSchema, ...problems(401) } },
    },
    async (request) => {
      const user = authOf(request).user;
      return profileView(user, await profile.describe(user));
    },
  );

  app.patch(
    '/profile',
    {
      preHandler: app.requireUser,
      schema: {
        tags: ['profile'],
        summary: 'Change profile fields (the username is fixed)',
        body: ProfilePatchBody,
        response: { 200: ProfileSchema, ...problems(400, 401, 403, 409, 422, 429) },
      },
    },
    async (request) => {
      const user = await profile.update(authOf(request), request.body, clientInfo(request));
      return profileView(user, await profile.describe(user));
    },
  );

  app.put(
    '/profile/password',
    {
      preHandler: app.requireInteractive,
      schema: {
        tags: ['profile'],
        summary: 'Change the password; ends every other session',
        body: PasswordBody,
        response: { 204: NoContent, ...problems(400, 401, 403, 422, 429) },
      },
    },
    async (request, reply) => {
      await profile.changePassword(authOf(request), request.body.currentPassword, request.body.newPassword, clientInfo(request));
      return reply.code(204).send(null);
    },
  );
};
