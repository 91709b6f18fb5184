import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clientInfo } from '../../http/client-info.js';
import { authOf } from '../../http/authenticate.js';
import { PaginationQuery, pageOf, readCursor } from '../../http/pagination.js';
import { problems } from '../../http/schemas.js';
import { PASSWORD_MIN_LENGTH_RANGE, type SettingsService, TOKEN_LIFETIME_RANGE } from './service.js';

const PasswordPolicySchema = Type.Object(
  { minLength: Type.Integer({ ...PASSWORD_MIN_LENGTH_RANGE, description: 'minimum password length in code points' }) },
  { additionalProperties: false },
);

const SettingsSchema = Type.Object({
  profilesLocked: Type.Boolean({ description: 'users cannot change display name, email or recovery email' }),
  gravatar: Type.Boolean({ description: 'fall back to Gravatar (else generated initials)' }),
  passwordPolicy: PasswordPolicySchema,
  maxTokenLifetimeDays: Type.Union([Type.Integer(TOKEN_LIFETIME_RANGE), Type.Null()], { description: 'null: no cap' }),
  mandatoryTwoFactor: Type.Boolean({ description: 'users without 2FA may only enrol TOTP until they have it' }),
});

const SettingsPatchSchema = Type.Partial(SettingsSchema, { additionalProperties: false, minProperties: 1 });

const AdminSettingsSchema = Type.Object({
  ...SettingsSchema.properties,
  usersWithoutTwoFactor: Type.Integer({
    minimum: 0,
    description: 'active users without a second factor (a directory that provides 2FA counts as one): mandatory 2FA stops them until they enrol',
  }),
});

/** One user mandatory 2FA stops until they enrol (GET /admin/settings/users-without-twofactor). */
const UserWithoutTwoFactorSchema = Type.Object({
  id: Type.String({ description: 'the user page is /admin/users/{id}' }),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
  source: Type.Union([Type.Literal('local'), Type.Literal('ldap')]),
  lastSignInAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** Instance settings: administrators only (user managers included out). */
export const adminSettingsRoutes: FastifyPluginAsyncTypebox<{ settings: SettingsService }> = async (app, { settings }) => {
  app.addHook('preValidation', app.requireAdmin);

  app.get(
    '/admin/settings',
    { schema: { tags: ['settings'], operationId: 'getSettings', summary: 'Instance settings', response: { 200: AdminSettingsSchema } } },
    async () => settings.adminView(),
  );

  app.get(
    '/admin/settings/users-without-twofactor',
    {
      schema: {
        tags: ['settings'],
        operationId: 'listUsersWithoutTwoFactor',
        summary: 'Who usersWithoutTwoFactor counts: active users without a second factor, oldest first',
        description: 'A directory that provides 2FA counts as a second factor for its users, as in the count.',
        querystring: Type.Object(PaginationQuery),
        response: { 200: pageOf(UserWithoutTwoFactorSchema) },
      },
    },
    async (request) => {
      const { limit = 20, cursor } = request.query;
      return settings.usersWithoutTwoFactor(limit, readCursor(cursor));
    },
  );

  app.patch(
    '/admin/settings',
    {
      schema: {
        tags: ['settings'],
        operationId: 'updateSettings',
        summary: 'Change instance settings; every node applies them within seconds',
        description: 'Turning on mandatoryTwoFactor without a second factor of your own: 422 enrol_twofactor_first.',
        body: SettingsPatchSchema,
        response: { 200: AdminSettingsSchema, ...problems(422) },
      },
    },
    async (request) => settings.updateAsAdmin(request.body, authOf(request).user, clientInfo(request)),
  );
};
