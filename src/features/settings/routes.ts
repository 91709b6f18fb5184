import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PASSWORD_MAX_LENGTH } from '../auth/password-policy.js';
import type { SettingsService } from './service.js';

const PasswordPolicySchema = Type.Object({
  minLength: Type.Integer({ description: 'the instance minimum (passwordPolicy.minLength), in code points after NFKC' }),
  maxLength: Type.Integer({ description: 'the longest password accepted, in code points' }),
});

/**
 * What anyone may know of the instance rules before choosing a password: the reset and
 * invitation pages are not signed in, and their hints say the minimum the server applies.
 */
export const publicSettingsRoutes: FastifyPluginAsyncTypebox<{ settings: SettingsService }> = async (app, { settings }) => {
  app.get(
    '/auth/password-policy',
    {
      schema: {
        tags: ['auth'],
        operationId: 'getPasswordPolicy',
        summary: 'The password rules a new password must meet (lengths); common passwords and the username or email are refused too',
        security: [],
        response: { 200: PasswordPolicySchema },
      },
    },
    async () => ({ minLength: (await settings.current()).passwordPolicy.minLength, maxLength: PASSWORD_MAX_LENGTH }),
  );
};
