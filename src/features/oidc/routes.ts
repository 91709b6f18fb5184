import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { problems } from '../../http/schemas.js';
import { sessionTokenOf } from '../../http/session-cookie.js';
import type { SessionService } from '../sessions/service.js';
import type { Budgets } from '../budgets/service.js';
import { Problem, notFound } from '../../http/problem.js';
import { INTERACTION_PATH, OIDC_ROUTES } from './provider.js';
import { inRequestScope } from './request-scope.js';
import type { InteractionStep, OidcService } from './service.js';

const UidParams = Type.Object({ uid: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });

/** The token endpoint and its siblings that take client credentials: throttled per client. */
const TOKEN_PATHS = new Set<string>([OIDC_ROUTES.token, OIDC_ROUTES.introspection, OIDC_ROUTES.revocation]);
/** Refused requests per client (its Basic credentials' id; public clients: per IP): 600 a minute. */
const TOKEN_WINDOWS = [{ windowMs: 60_000, max: 600 }];

/** The client id of `Authorization: Basic …`, when there is one. */
function clientOf(header: string | undefined): string | null {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const id = decodeURIComponent(decoded.split(':')[0] ?? '');
  return id === '' ? null : id.slice(0, 64);
}

/**
 * Paths the provider answers itself: the discovery document and its endpoints under /oidc/, each
 * with what lies below it (e.g. `/oidc/auth/<uid>`). The interaction page is not among them.
 */
const PROVIDER_PATHS = ['/.well-known/openid-configuration', ...Object.values(OIDC_ROUTES).flatMap((route) => [route, `${route}/*`])];

/**
 * Mounts the provider (oidc-provider's own HTTP handler) on Fastify routes for its paths only,
 * so that other requests pay nothing for it; and the interaction page the provider sends
 * browsers to. The provider reads the raw request itself: its routes hand it over in their
 * onRequest hook (after the global ones: security headers, same-origin rule), before Fastify
 * parses a body.
 */
export async function mountOidc(app: FastifyInstance, oidc: OidcService, sessions: SessionService, budgets: Budgets): Promise<void> {
  await oidc.start();
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === 'POST' && TOKEN_PATHS.has(req.url?.split('?')[0] ?? '')) {
      const key = `oidc-token:${clientOf(req.headers.authorization) ?? `ip:${req.socket.remoteAddress ?? ''}`}`;
      try {
        // reserved before the provider checks anything; only a refused request keeps its place
        const reservation = await budgets.take([{ key, windows: TOKEN_WINDOWS }]);
        res.on('finish', () => {
          if (res.statusCode < 400) void reservation.release().catch(() => undefined);
        });
      } catch (error) {
        const retryAfter = error instanceof Problem ? (error.headers['retry-after'] ?? '60') : '60';
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter, 'cache-control': 'no-store' });
        res.end(JSON.stringify({ error: 'invalid_request', error_description: 'too many requests; try again later' }));
        return;
      }
    }
    const handle = await oidc.handler();
    await inRequestScope(() => handle(req, res));
  };
  const handOver: onRequestAsyncHookHandler = async (request, reply) => {
    reply.hijack();
    try {
      await serve(request.raw, reply.raw);
    } catch (err) {
      request.log.error({ err }, 'the OpenID provider failed');
      if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      if (!reply.raw.writableEnded) reply.raw.end(JSON.stringify({ error: 'server_error', error_description: 'the server failed; try again later' }));
    }
  };
  for (const url of PROVIDER_PATHS) {
    app.all(url, { schema: { hide: true }, onRequest: handOver }, () => {
      throw new Error('unreachable: the onRequest hook hands every request to the provider');
    });
  }

  app.get(`${INTERACTION_PATH}/:uid`, { schema: { hide: true } }, async (request, reply) => {
    const token = sessionTokenOf(request);
    const signedIn = token ? await sessions.resolve(token) : null;
    reply.hijack();
    const uid = (request.params as { uid: string }).uid;
    let step: InteractionStep;
    try {
      step = await oidc.interaction(request.raw, reply.raw, signedIn ?? null);
    } catch (err) {
      request.log.warn({ err }, 'an OIDC interaction could not be read');
      if (!reply.raw.headersSent) reply.raw.writeHead(303, { location: '/oidc-error?reason=expired' }).end();
      return;
    }
    if (step.kind === 'finished') return;
    const back = encodeURIComponent(`${INTERACTION_PATH}/${uid}`);
    const location =
      step.kind === 'sign_in'
        ? `/signin?next=${back}`
        : step.kind === 'consent'
          ? `/consent/${uid}`
          : step.kind === 'enrol_second_factor'
            ? `/security?next=${back}&app=${encodeURIComponent(step.appName)}`
            : step.kind === 'confirm_identity'
              ? `/app-confirm/${uid}?app=${encodeURIComponent(step.appName)}`
              : `/app-access/${uid}?app=${encodeURIComponent(step.appName)}`;
    reply.raw.writeHead(303, { location, 'cache-control': 'no-store' }).end();
  });
}

/** The dashboard's side of an interaction: the consent page and the "no access" page. */
export const oidcInteractionRoutes: FastifyPluginAsyncTypebox<{ oidc: OidcService }> = async (app, { oidc }) => {
  app.addHook('preHandler', app.requireInteractive);

  app.get(
    '/oidc/interactions/:uid',
    {
      schema: {
        tags: ['oidc'],
        operationId: 'getOidcInteraction',
        summary: 'What an app asks for: the app and each scope in plain words (the consent page)',
        params: UidParams,
        response: {
          200: Type.Object({
            app: Type.Object({ id: Type.String(), name: Type.String(), url: Type.Union([Type.String(), Type.Null()]) }),
            scopes: Type.Array(Type.Object({ scope: Type.String(), description: Type.String() })),
          }),
          ...problems(404),
        },
      },
    },
    async (request) => oidc.consentDetails(request.params.uid, authOf(request).user),
  );

  app.post(
    '/oidc/interactions/:uid/consent',
    {
      schema: {
        tags: ['oidc'],
        operationId: 'decideOidcConsent',
        summary: 'Allow or refuse an app; answers where the browser goes next',
        params: UidParams,
        body: Type.Object({ allow: Type.Boolean() }),
        response: { 200: Type.Object({ redirectTo: Type.String() }), ...problems(403, 404) },
      },
    },
    async (request) => ({ redirectTo: await oidc.decideConsent(request.params.uid, authOf(request).user, request.body.allow) }),
  );

  app.post(
    '/oidc/interactions/:uid/refuse',
    {
      schema: {
        tags: ['oidc'],
        operationId: 'refuseOidcInteraction',
        summary: 'Go back to an app the user has no access to: the app gets access_denied',
        params: UidParams,
        response: { 200: Type.Object({ redirectTo: Type.String() }), ...problems(404) },
      },
    },
    async (request) => ({ redirectTo: await oidc.refuse(request.params.uid, authOf(request).user, 'The user has no access to this app.') }),
  );

  app.post(
    '/oidc/interactions/:uid/cancel',
    {
      schema: {
        tags: ['oidc'],
        operationId: 'cancelOidcInteraction',
        summary: 'Go back to an app without confirming who you are (it asked for a fresh sign-in): the app gets access_denied',
        params: UidParams,
        response: { 200: Type.Object({ redirectTo: Type.String() }), ...problems(404) },
      },
    },
    async (request) => ({ redirectTo: await oidc.refuse(request.params.uid, authOf(request).user, 'The user did not confirm who they are.') }),
  );
};

/** The user's side: the apps they allowed, and revoking one. */
export const connectedAppRoutes: FastifyPluginAsyncTypebox<{ oidc: OidcService }> = async (app, { oidc }) => {
  app.addHook('preHandler', app.requireInteractive);

  app.get(
    '/profile/connected-apps',
    {
      schema: {
        tags: ['oidc'],
        operationId: 'listConnectedApps',
        summary: 'The apps the user signed in to with Userhub and what each may see',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                app: Type.Object({ id: Type.String(), name: Type.String(), url: Type.Union([Type.String(), Type.Null()]) }),
                scopes: Type.Array(Type.String()),
                grantedAt: Type.String({ format: 'date-time' }),
                lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await oidc.connectedApps(authOf(request).user.id) }),
  );

  app.delete(
    '/profile/connected-apps/:appId',
    {
      schema: {
        tags: ['oidc'],
        operationId: 'revokeConnectedApp',
        summary: "Revoke an app: its consent, every token it holds and the user's sessions with it end at once",
        params: Type.Object({ appId: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: Type.Null(), ...problems(404) },
      },
    },
    async (request, reply) => {
      const caller = authOf(request);
      if (!(await oidc.revokeApp(caller.user.id, request.params.appId, clientInfo(request)))) {
        throw notFound('app_not_connected', 'This app is not connected to your account.');
      }
      return reply.code(204).send(null);
    },
  );
};
