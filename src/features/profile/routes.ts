import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf, joinedWith, interactiveOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { NoContent, problems } from '../../http/schemas.js';
import { sendShared } from '../../http/shared-json.js';
import { clearSessionCookie } from '../../http/session-cookie.js';
import { DateFormatSchema, LanguageSchema, ProfileSchema, ThemeSchema } from './view.js';
import type { UserDeletionService } from '../users/deletion-service.js';
import type { ProfileService } from './service.js';

const ProfilePatchBody = Type.Object({
  displayName: Type.Optional(Type.String({ maxLength: 400 })),
  email: Type.Optional(Type.String({ maxLength: 254, description: 'held as pendingEmail until confirmed by the link mailed to it' })),
  recoveryEmail: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
  language: Type.Optional(LanguageSchema),
  timezone: Type.Optional(Type.String({ maxLength: 64 })),
  dateFormat: Type.Optional(DateFormatSchema),
  theme: Type.Optional(ThemeSchema),
  newsletter: Type.Optional(Type.Boolean()),
  notifyNewSignIn: Type.Optional(Type.Boolean({ description: 'true only: new sign-in notices cannot be turned off (false: 422 notice_required)' })),
  notifyTokenCreated: Type.Optional(Type.Boolean()),
  notifyAppPasswordCreated: Type.Optional(Type.Boolean()),
  notifyPasskeyAdded: Type.Optional(Type.Boolean()),
  username: Type.Optional(Type.Unknown({ description: 'refused: 422 username_immutable' })),
  password: Type.Optional(Type.String({ maxLength: 4096, description: 're-authentication for email changes' })),
});

const PasswordBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 4096 }),
  newPassword: Type.String({ minLength: 1, maxLength: 4096 }),
});

export const profileRoutes: FastifyPluginAsyncTypebox<{ profile: ProfileService; deletion: UserDeletionService; secureCookies: boolean }> = async (
  app,
  { profile, deletion, secureCookies },
) => {
  app.get(
    '/profile',
    {
      preHandler: app.requireUser,
      // the view's own reads come with the session or token lookup (one statement on PostgreSQL)
      config: { joinWithCaller: profile.viewJoin },
      schema: { tags: ['profile'], operationId: 'getProfile', summary: 'The signed-in user', response: { 200: ProfileSchema } },
    },
    async (request, reply) => {
      sendShared(reply, await profile.currentView(authOf(request).user, joinedWith(request, profile.viewJoin)));
      return reply;
    },
  );

  app.patch(
    '/profile',
    {
      preHandler: app.requireUser,
      schema: {
        tags: ['profile'],
        operationId: 'updateProfile',
        summary: 'Change profile fields (the username is fixed)',
        body: ProfilePatchBody,
        response: { 200: ProfileSchema, ...problems(409, 422, 429) },
      },
    },
    async (request) => profile.view(await profile.update(authOf(request), request.body, clientInfo(request))),
  );

  app.put(
    '/profile/password',
    {
      preHandler: app.requireInteractive,
      schema: {
        tags: ['profile'],
        operationId: 'changePassword',
        summary: 'Change the password; ends every other session',
        body: PasswordBody,
        response: { 204: NoContent, ...problems(422, 429) },
      },
    },
    async (request, reply) => {
      await profile.changePassword(interactiveOf(request), request.body.currentPassword, request.body.newPassword, clientInfo(request));
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/profile',
    {
      preHandler: app.requireInteractive,
      schema: {
        tags: ['profile'],
        operationId: 'deleteProfile',
        summary: 'Delete my account and everything that is mine; the username becomes free',
        body: Type.Object({
          password: Type.String({ minLength: 1, maxLength: 4096 }),
          code: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'TOTP or recovery code, when 2FA is on' })),
        }),
        response: { 204: NoContent, ...problems(409, 429) },
      },
    },
    async (request, reply) => {
      const { password, code } = request.body;
      await deletion.deleteSelf(interactiveOf(request), { password, code }, clientInfo(request));
      clearSessionCookie(reply, secureCookies);
      return reply.code(204).send(null);
    },
  );
};
