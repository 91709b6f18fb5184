import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { UserRow } from '../db/schema.js';
import type { UserJoin } from '../db/user-join.js';
import { authorizationCredentials } from './authorization.js';
import { assertSameOrigin, isSafeMethod } from './csrf.js';
import { forbidden, unauthorized } from './problem.js';
import { sessionTokenOf } from './session-cookie.js';

// What the guards need from the features, declared here so that src/http depends on no feature:
// the sessions feature implements SessionResolver, the tokens feature BearerResolver.

/** The session behind a cookie, as the guards hand it on. */
export interface ActiveSession {
  id: string;
  createdAt: string;
  method: string;
  reauthenticatedAt: string;
}

/** The API token behind a Bearer header, as the guards hand it on. */
export interface TokenIdentity {
  id: string;
  scope: 'readonly' | 'readwrite';
}

/** Who is calling, resolved once per request by the guards below. */
export interface AuthContext {
  user: UserRow;
  via: 'session' | 'token';
  session: ActiveSession | null;
  token: TokenIdentity | null;
}

/**
 * Resolves session cookie values; null when unknown, ended, expired or the user is disabled
 * (SessionService). With `join`, it may read the join's columns in the same statement and hand
 * back their value as `joined` (it may also leave it out, e.g. when it answers from a cache).
 */
export interface SessionResolver {
  resolve(token: string, join?: UserJoin<unknown>): Promise<{ user: UserRow; session: ActiveSession; joined?: unknown } | null>;
}

/**
 * A caller signed in to the dashboard: a session, never an API token. Services that need an
 * interactive sign-in take this type, so a token caller cannot reach them by mistake.
 */
export interface InteractiveCaller {
  user: UserRow;
  session: ActiveSession;
}

/** Resolves `Authorization: Bearer …` values (API tokens); plugged in by the tokens feature. `join` as for sessions. */
export interface BearerResolver {
  resolve(token: string, request: FastifyRequest, join?: UserJoin<unknown>): Promise<{ user: UserRow; token: TokenIdentity; joined?: unknown } | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
    /** what the route's `joinWithCaller` read with the caller, when the resolver read it */
    joinedWithCaller: { join: UserJoin<unknown>; value: unknown } | null;
  }
  interface FastifyContextConfig {
    /**
     * Columns to read with the caller's session or token and user, in the same statement (one
     * round trip on PostgreSQL); the route gets them with `joinedWith`.
     */
    joinWithCaller?: UserJoin<unknown>;
  }
  interface FastifyInstance {
    /** any signed-in caller: session cookie or API token */
    requireUser: preHandlerHookHandler;
    /** an interactive session (cookie); API tokens get 403 interactive_session_required */
    requireInteractive: preHandlerHookHandler;
    /** an admin, by session or token */
    requireAdmin: preHandlerHookHandler;
    /**
     * an interactive session that signed in or re-authenticated recently (granting power);
     * API tokens and older sessions get 403 reauthentication_required
     */
    requireRecentSignIn: preHandlerHookHandler;
    /** whether the caller signed in interactively within the re-authentication window */
    isRecentSignIn(auth: AuthContext): boolean;
    /**
     * The caller of a route that takes a session as one of several credentials (forward-auth):
     * the same authenticator and gates as requireUser; null when the request carries no session.
     */
    sessionCaller(request: FastifyRequest): Promise<AuthContext | null>;
    /** requireUser, then `check` on the caller (it throws a Problem to refuse): for a feature's own guards */
    requireUserWith(check: (auth: AuthContext) => void): preHandlerHookHandler;
  }
}

/**
 * A rule every signed-in request passes after authentication (e.g. the mandatory-2FA gate);
 * rejects with a Problem to refuse. Runs inside requireUser, so every guarded route gets it.
 */
export type AuthGate = (request: FastifyRequest, auth: AuthContext) => Promise<void>;

export interface AuthPluginOptions {
  sessions: SessionResolver;
  publicOrigin: string;
  bearer: BearerResolver | null;
  gates?: AuthGate[];
  /** the rule of a recent interactive sign-in (AuthService.isRecentSignIn) */
  isRecentSignIn(auth: AuthContext): boolean;
}

async function resolve(request: FastifyRequest, options: AuthPluginOptions): Promise<AuthContext> {
  const join = request.routeOptions.config.joinWithCaller;
  const bearer = authorizationCredentials(request, 'Bearer');
  if (bearer !== null) {
    const token = bearer && options.bearer ? await options.bearer.resolve(bearer, request, join) : null;
    // a disabled user's tokens stop at once, whatever the resolver does
    if (!token || token.user.disabled === 1) throw unauthorized('invalid_token', 'The API token is invalid, expired or revoked.');
    if (join && token.joined !== undefined) request.joinedWithCaller = { join, value: token.joined };
    return { user: token.user, via: 'token', session: null, token: token.token };
  }
  const cookie = sessionTokenOf(request);
  const session = cookie ? await options.sessions.resolve(cookie, join) : null;
  if (!session) throw unauthorized('unauthenticated', 'Sign in first.');
  assertSameOrigin(request, options.publicOrigin, true);
  if (join && session.joined !== undefined) request.joinedWithCaller = { join, value: session.joined };
  return { user: session.user, via: 'session', session: session.session, token: null };
}

/** What `join` (the route's `joinWithCaller`) read with the caller; undefined when the resolver did not read it. */
export function joinedWith<T>(request: FastifyRequest, join: UserJoin<T>): T | undefined {
  const joined = request.joinedWithCaller;
  return joined && joined.join === join ? (joined.value as T) : undefined;
}

/**
 * Authentication guards (plain async hooks), in the order they apply:
 * 1. an Authorization header is an API token (Bearer) and nothing else (no CSRF: browsers never
 *    send it on their own);
 * 2. otherwise the session cookie, and for unsafe methods the same-origin rule;
 * 3. readonly tokens may only read;
 * 4. the gates (instance rules such as mandatory two-factor), in order.
 */
export const authPlugin = fp<AuthPluginOptions>(
  async (app: FastifyInstance, options) => {
    app.decorateRequest('auth', null);
    app.decorateRequest('joinedWithCaller', null);
    const gates = options.gates ?? [];

    const authenticate = async (request: FastifyRequest): Promise<void> => {
      if (request.auth) return;
      const auth = await resolve(request, options);
      if (auth.token?.scope === 'readonly' && !isSafeMethod(request.method)) {
        throw forbidden('token_readonly', 'This API token may only read.');
      }
      for (const gate of gates) await gate(request, auth);
      request.auth = auth;
    };
    const requireUserWith = (check: (auth: AuthContext) => void): preHandlerHookHandler =>
      async (request) => {
        await authenticate(request);
        check(authOf(request));
      };

    app.decorate('requireUser', authenticate);
    app.decorate('requireUserWith', requireUserWith);
    app.decorate(
      'requireInteractive',
      requireUserWith((auth) => {
        interactiveCaller(auth);
      }),
    );
    app.decorate('isRecentSignIn', (auth: AuthContext) => options.isRecentSignIn(auth));
    app.decorate(
      'requireRecentSignIn',
      requireUserWith((auth) => {
        if (!options.isRecentSignIn(auth)) {
          throw forbidden('reauthentication_required', 'Confirm your password first: this needs a recent sign-in to the dashboard.');
        }
      }),
    );
    app.decorate('sessionCaller', async (request: FastifyRequest): Promise<AuthContext | null> => {
      if (request.headers.authorization !== undefined || !sessionTokenOf(request)) return null;
      await authenticate(request);
      return request.auth;
    });
    app.decorate(
      'requireAdmin',
      requireUserWith((auth) => {
        if (auth.user.role !== 'admin') throw forbidden('admin_required', 'Only administrators may do this.');
      }),
    );

  },
  { name: 'userhub-auth' },
);

/** The signed-in caller; only valid behind one of the guards. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw unauthorized('unauthenticated', 'Sign in first.');
  return request.auth;
}

/**
 * The caller as an interactive one: the one check of "a session, not an API token".
 * @throws 403 interactive_session_required for an API token
 */
export function interactiveCaller(auth: AuthContext): InteractiveCaller {
  if (!auth.session) throw forbidden('interactive_session_required', 'Sign in to the dashboard for this; API tokens cannot do it.');
  return { user: auth.user, session: auth.session };
}

/** The signed-in caller behind requireInteractive or requireRecentSignIn. */
export function interactiveOf(request: FastifyRequest): InteractiveCaller {
  return interactiveCaller(authOf(request));
}
