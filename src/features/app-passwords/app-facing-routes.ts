import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppRow, UserRow } from '../../db/schema.js';
import { authorizationCredentials } from '../../http/authorization.js';
import { clientInfo } from '../../http/client-info.js';
import { Problem, notFound } from '../../http/problem.js';
import { NO_NUL_PATTERN, problems } from '../../http/schemas.js';
import type { AppService } from '../apps/service.js';
import type { AppPasswordService } from './service.js';

const AppParams = Type.Object({ appId: Type.String({ minLength: 1, maxLength: 64, pattern: NO_NUL_PATTERN }) });

const VerifiedUserSchema = Type.Object({
  user: Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String(), email: Type.String() }),
  via: Type.Union([Type.Literal('app_password'), Type.Literal('password'), Type.Literal('session')]),
});

const LOGIN_MAX = 256;
const PASSWORD_MAX = 4096;

function verifiedUser(user: UserRow) {
  return { id: user.id, username: user.username, displayName: user.display_name, email: user.email };
}

/** `Basic base64(username:password)`, or null when absent or malformed. */
function basicCredentials(request: FastifyRequest): { login: string; password: string } | null {
  const encoded = authorizationCredentials(request, 'Basic');
  if (!encoded || encoded.length > 8192 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return null;
  const login = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  // eslint-disable-next-line no-control-regex
  if (password === '' || login.length > LOGIN_MAX || password.length > PASSWORD_MAX || /[\u0000-\u001f\u007f]/.test(login)) return null;
  return { login, password };
}

/** Header values must be printable ASCII; anything else is sent percent-encoded (UTF-8). */
export function headerValue(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}

/** A realm for WWW-Authenticate: the app's name, reduced to safe printable ASCII. */
function realmOf(app: AppRow | null): string {
  const name = (app?.name ?? 'Userhub').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `Basic realm="${name}", charset="UTF-8"`;
}

function invalidAppCredentials(): Problem {
  return new Problem(401, 'invalid_app_credentials', 'Send the app secret as Authorization: Bearer uha_….', {}, {
    'www-authenticate': 'Bearer realm="Userhub apps"',
  });
}

/**
 * The endpoints registered apps call. They are not behind the user guards: the Authorization
 * header carries the app's secret (authenticate) or the user's Basic credentials (forward-auth).
 */
export const appFacingRoutes: FastifyPluginAsyncTypebox<{
  apps: AppService;
  appPasswords: AppPasswordService;
}> = async (app, { apps, appPasswords }) => {
  app.post(
    '/apps/:appId/authenticate',
    {
      schema: {
        tags: ['app-passwords'],
        operationId: 'verifyAppUser',
        summary: 'An app verifies a user (app password; the main password only without 2FA)',
        description:
          'Authorization: Bearer <app secret>. An app password opens only the app it was made for. ' +
          'The main password is accepted only when the user has no second factor. Throttled like the sign-in.',
        params: AppParams,
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: LOGIN_MAX, pattern: NO_NUL_PATTERN, description: 'username or email address' }),
          password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX }),
        }),
        security: [{ appSecret: [] }],
        response: { 200: VerifiedUserSchema, ...problems(429) },
      },
    },
    async (request) => {
      const secret = authorizationCredentials(request, 'Bearer');
      const verifiedApp = secret ? await apps.verifySecret(request.params.appId, secret) : null;
      if (!verifiedApp) throw invalidAppCredentials();
      const { user, via } = await appPasswords.verify(verifiedApp, request.body.username, request.body.password, clientInfo(request), {
        allowMainPassword: true,
      });
      return { user: verifiedUser(user), via };
    },
  );

  app.get(
    '/apps/:appId/forward-auth',
    {
      schema: {
        tags: ['app-passwords'],
        operationId: 'checkForwardAuth',
        summary: 'For reverse proxies (nginx auth_request): 200 with X-Userhub-User, or 401',
        description:
          'Basic credentials (username + an app password made for this app) or the Userhub session cookie. ' +
          '200 carries X-Userhub-User, X-Userhub-Email and X-Userhub-Id (non-ASCII values percent-encoded); ' +
          'anything else is 401 with WWW-Authenticate: Basic.',
        params: AppParams,
        response: { 200: VerifiedUserSchema, ...problems(404) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const target = await apps.findById(request.params.appId);
      if (!target) throw notFound('app_not_found', 'No such app.');
      const refuse = (problem: Problem) => problem.withStatus(401, { 'www-authenticate': realmOf(target) });

      let found: { user: UserRow; via: 'app_password' | 'password' | 'session' } | null = null;
      const basic = basicCredentials(request);
      if (basic) {
        try {
          found = await appPasswords.verify(target, basic.login, basic.password, clientInfo(request), { allowMainPassword: false });
        } catch (error) {
          throw error instanceof Problem ? refuse(error) : error;
        }
      } else {
        // one way in: the session goes through the same authenticator and gates as every route
        const caller = await app.sessionCaller(request).catch((error: unknown) => {
          if (error instanceof Problem && error.status === 401) return null;
          throw error;
        });
        if (caller) found = { user: caller.user, via: 'session' };
      }
      if (!found) throw refuse(new Problem(401, 'unauthenticated', 'Sign in, or use an app password made for this app.'));

      reply.header('x-userhub-user', headerValue(found.user.username));
      reply.header('x-userhub-email', headerValue(found.user.email));
      reply.header('x-userhub-id', headerValue(found.user.id));
      return { user: verifiedUser(found.user), via: found.via };
    },
  );
};
