import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { type TypeBoxTypeProvider, TypeBoxValidatorCompiler, registerAjvFormats } from '@fastify/type-provider-typebox';
import { Settings } from 'typebox/system';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import { type DatabaseHandle, openMigrated } from './db/database.js';
import { adminAccountRoutes } from './features/accounts/admin-routes.js';
import { accountRoutes } from './features/accounts/routes.js';
import { adminSettingsRoutes } from './features/settings/admin-routes.js';
import { publicSettingsRoutes } from './features/settings/routes.js';
import { adminUserRoutes } from './features/users/admin-routes.js';
import { appFacingRoutes } from './features/app-passwords/app-facing-routes.js';
import { appPasswordRoutes } from './features/app-passwords/routes.js';
import { adminAppRoutes } from './features/apps/admin-routes.js';
import { appRoutes } from './features/apps/routes.js';
import { activityRoutes } from './features/activity/routes.js';
import { auditRoutes } from './features/audit/routes.js';
import { adminUserPageRoutes } from './features/users/admin-user-page-routes.js';
import { lockdownRoutes } from './features/lockdown/routes.js';
import { invitationRoutes } from './features/invitations/routes.js';
import { dataExportRoutes } from './features/export/routes.js';
import { passwordResetRoutes } from './features/auth/password-reset-routes.js';
import { authRoutes } from './features/auth/routes.js';
import { directoryRoutes } from './features/directory/routes.js';
import { healthRoutes } from './features/health/routes.js';
import { mediaRoutes } from './features/media/routes.js';
import { emailChangeRoutes } from './features/profile/email-change-routes.js';
import { profileRoutes } from './features/profile/routes.js';
import { sessionRoutes } from './features/sessions/routes.js';
import { twoFactorAdminRoutes } from './features/twofactor/admin-routes.js';
import { twoFactorRoutes } from './features/twofactor/routes.js';
import { passkeyRoutes } from './features/passkeys/routes.js';
import { passkeySignInRoutes } from './features/passkeys/sign-in-routes.js';
import { connectedAppRoutes, mountOidc, oidcInteractionRoutes } from './features/oidc/routes.js';
import { tokenBearer } from './features/tokens/bearer.js';
import { tokenRoutes } from './features/tokens/routes.js';
import { requireTwoFactorManagedHere } from './features/directory/guard.js';
import { authPlugin } from './http/authenticate.js';
import { registerDashboard } from './http/dashboard.js';
import { clientErrorHandler } from './http/client-errors.js';
import { capConnectionsPerIp, serverTimeouts } from './http/connection-limits.js';
import { frameworkErrorHandler, registerErrorHandling } from './http/error-handler.js';
import { MAX_VALIDATION_ISSUES } from './http/field-errors.js';
import { problemSchema } from './http/problem.js';
import { registerRequestHygiene } from './http/request-hygiene.js';
import { declareSharedProblems } from './http/schemas.js';
import { type StatusWalkOptions, registerStatusWalk } from './http/status-walk.js';
import { securityHeaders } from './http/security-headers.js';
import { type Clock, systemClock } from './lib/clock.js';
import { createLogger } from './lib/logger.js';
import { PROBLEM_CODES, isDeclaredProblem } from './problem-catalogue.js';
import { type Services, createServices } from './services.js';

export interface BuildOptions {
  clock?: Clock;
  /** false: no logging at all (tests) */
  logger?: boolean;
  /** where log lines go; default stdout */
  logDestination?: DestinationStream;
  /** the built dashboard; default dist/web of the project (served only when it exists) */
  webDir?: string;
  /**
   * tests: hold every answer to the statuses its route declares and to the problem catalogue;
   * `app.close()` fails when one was not declared (status-walk.ts)
   */
  statusWalk?: boolean | Pick<StatusWalkOptions, 'onAnswer'>;
  /** tests: called with the SQL of every statement the server runs */
  onQuery?: (sql: string) => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    userhub: { config: Config; database: DatabaseHandle; services: Services };
  }
}

export const BODY_LIMIT = 1024 * 1024;

/** One OpenAPI tag per feature: every operation carries the tag of the feature that owns it. */
export const OPENAPI_TAGS = [
  { name: 'auth', description: 'Signing in and out, re-authentication, password reset' },
  { name: 'profile', description: 'The signed-in user: fields, password, email change, deletion' },
  { name: 'media', description: 'Avatar and background pictures, and the images served' },
  { name: 'twofactor', description: 'TOTP enrolment, recovery codes, the admin reset' },
  { name: 'oidc', description: 'Single sign-on for apps (OpenID Connect): the consent and access pages of an interaction' },
  { name: 'passkeys', description: 'Passkeys (WebAuthn): register, list, rename, delete; passwordless sign-in, second factor, re-authentication' },
  { name: 'sessions', description: 'Where the user is signed in' },
  { name: 'activity', description: "The user's security timeline" },
  { name: 'audit', description: 'What administrators changed (admins only)' },
  { name: 'tokens', description: 'API tokens' },
  { name: 'app-passwords', description: 'App passwords, and the endpoints registered apps call' },
  { name: 'apps', description: 'Registered apps' },
  { name: 'accounts', description: 'Organisations: accounts, groups, memberships' },
  { name: 'users', description: 'User administration' },
  { name: 'settings', description: 'Instance settings' },
  { name: 'directory', description: 'The external LDAP directory' },
  { name: 'health', description: 'Liveness' },
];
const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;

registerAjvFormats();
// every failing field of a request, not TypeBox's first 8 issues (field-errors.ts); bounded, so cheap
Settings.Set({ maxErrors: MAX_VALIDATION_ISSUES });

/** Builds the whole server: database (migrated), services, HTTP plugins and every feature's routes. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const clock = options.clock ?? systemClock;
  const database = await openMigrated(config.database, { onQuery: options.onQuery });
  const services = createServices(database.db, config, clock, database);

  const log = options.logger === false ? null : createLogger(config.logLevel, options.logDestination);
  if (log) services.log.attach(log);
  const errorHeaders = securityHeaders(config.origin).api;
  const app = Fastify({
    // Fastify's request logger (a child logger and response listeners per request) only when the
    // access log is on; otherwise what is logged goes through our own logger (services.log).
    ...(log && config.accessLog ? { loggerInstance: log as FastifyBaseLogger } : { logger: false }),
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // request-hygiene.ts answers requests that arrive while closing, as problem+json
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true },
    ...serverTimeouts(config.connections),
    frameworkErrors: frameworkErrorHandler(errorHeaders),
    clientErrorHandler: clientErrorHandler(errorHeaders),
  }).withTypeProvider<TypeBoxTypeProvider>();
  capConnectionsPerIp(app.server, config.connections.maxConnectionsPerIp);
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.removeContentTypeParser('text/plain');
  app.decorate('userhub', { config, database, services });
  if (options.statusWalk) {
    registerStatusWalk(app, { ...(options.statusWalk === true ? {} : options.statusWalk), isDeclared: isDeclaredProblem });
  }
  app.addHook('onClose', async () => database.close());
  // onClose hooks run last-registered first: the mail worker stops before the database closes
  app.addHook('onClose', async () => {
    await services.passwordReset.settled();
    await services.mail.stop();
    await services.hashPool.close();
  });

  registerErrorHandling(app, services.log);
  registerRequestHygiene(app, config.origin);
  app.addSchema(problemSchema([...PROBLEM_CODES.keys()]));
  declareSharedProblems(app);

  await app.register(swagger, {
    // components are named by their $id (Problem), not def-0
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Userhub API',
        version: '1',
        description: 'Self-hosted account center. Errors are RFC 9457 problem+json with a stable `code`.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: config.origin, description: 'this Userhub (USERHUB_ORIGIN)' }],
      tags: OPENAPI_TAGS,
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'userhub_session' },
          token: { type: 'http', scheme: 'bearer' },
          appSecret: { type: 'http', scheme: 'bearer', description: 'a registered app secret (uha_…)' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  await app.register(authPlugin, {
    sessions: services.sessions,
    publicOrigin: config.origin,
    bearer: tokenBearer(services.tokens),
    gates: [services.twoFactorRequirement.gate],
    isRecentSignIn: (auth) => services.auth.isRecentSignIn(auth.session),
  });

  const secureCookies = config.origin.startsWith('https://');
  await app.register(
    async (api) => {
      await api.register(healthRoutes, { db: database.db });
      await api.register(authRoutes, { auth: services.auth, secureCookies, publicOrigin: config.origin });
      await api.register(profileRoutes, { profile: services.profile, deletion: services.userDeletion, secureCookies });
      await api.register(passwordResetRoutes, { passwordReset: services.passwordReset });
      await api.register(lockdownRoutes, { lockdown: services.lockdown, secureCookies });
      await api.register(invitationRoutes, { invitations: services.invitations, secureCookies });
      await api.register(dataExportRoutes, { exporter: services.dataExport, auth: services.auth });
      await api.register(emailChangeRoutes, { emailChange: services.emailChange });
      await api.register(mediaRoutes, { media: services.media, profile: services.profile });
      await api.register(activityRoutes, { activity: services.activity });
      await api.register(sessionRoutes, { sessions: services.sessions, appsBySession: (userId) => services.oidc.appsBySession(userId) });
      await api.register(adminUserRoutes, { adminUsers: services.adminUsers });
      await api.register(adminUserPageRoutes, { page: services.adminUserPage });
      await api.register(auditRoutes, { audit: services.audit });
      await api.register(adminSettingsRoutes, { settings: services.settings });
      await api.register(publicSettingsRoutes, { settings: services.settings });
      await api.register(accountRoutes, { accounts: services.accounts });
      await api.register(adminAccountRoutes, { accounts: services.accounts });
      await api.register(directoryRoutes, { directory: services.directory });
      await api.register(twoFactorRoutes, { twoFactor: services.twoFactor, managedHere: requireTwoFactorManagedHere(services.directory) });
      await api.register(twoFactorAdminRoutes, { twoFactor: services.twoFactor });
      await api.register(passkeyRoutes, { passkeys: services.passkeys, managedHere: requireTwoFactorManagedHere(services.directory) });
      await api.register(passkeySignInRoutes, { auth: services.auth, secureCookies });
      await api.register(oidcInteractionRoutes, { oidc: services.oidc });
      await api.register(connectedAppRoutes, { oidc: services.oidc });
      await api.register(tokenRoutes, { tokens: services.tokens, auth: services.auth });
      await api.register(appRoutes, { apps: services.apps });
      await api.register(adminAppRoutes, { apps: services.apps });
      await api.register(appPasswordRoutes, { appPasswords: services.appPasswords, auth: services.auth });
      await api.register(appFacingRoutes, { apps: services.apps, appPasswords: services.appPasswords });
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );
  await mountOidc(app, services.oidc, services.sessions, services.budgets);
  await registerDashboard(app, options.webDir);

  const housekeeping = setInterval(() => {
    Promise.all([services.sessions.sweep(), services.budgets.sweep(), services.auth.sweepTickets(), services.passkeyVerifier.sweep(), services.oidc.sweep(), services.mail.sweep()]).catch((err: unknown) =>
      services.log.warn({ err }, 'housekeeping failed'),
    );
  }, HOUSEKEEPING_INTERVAL_MS);
  housekeeping.unref();
  app.addHook('onClose', async () => clearInterval(housekeeping));
  services.mail.start();
  services.directory.startSchedule((err: unknown) => services.log.warn({ err }, 'scheduled directory sync failed'));
  app.addHook('preClose', async () => services.directory.stopSchedule());

  return app;
}
