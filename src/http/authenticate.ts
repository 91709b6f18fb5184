import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { UserRow } from '../db/schema.js';
import type { ActiveSession, SessionService } from '../features/sessions/service.js';
import { assertSameOrigin, isSafeMethod } from './csrf.js';
import { forbidden, unauthorized } from './problem.js';
import { type MaybePromise, andThen } from '../lib/maybe-async.js';
import { sessionTokenOf } from './session-cookie.js';

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
 * A caller signed in to the dashboard: a session, never an API token. Services that need an
 * interactive sign-in take this type, so a token caller cannot reach them by mistake.
 */
export interface InteractiveCaller {
  user: UserRow;
  session: ActiveSession;
}

/** Resolves `Authorization: Bearer …` values (API tokens); plugged in by the tokens feature. Synchronous when cached. */
export interface BearerResolver {
  resolve(token: string, request: FastifyRequest): MaybePromise<{ user: UserRow; token: TokenIdentity } | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
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
 * throws a Problem (or rejects with one) to refuse; undefined when the request passes without
 * any await. Runs inside requireUser, so every guarded route gets it.
 */
export type AuthGate = (request: FastifyRequest, auth: AuthContext) => Promise<void> | undefined;

export interface AuthPluginOptions {
  sessions: SessionService;
  publicOrigin: string;
  bearer: BearerResolver | null;
  gates?: AuthGate[];
  /** the rule of a recent interactive sign-in (AuthService.isRecentSignIn) */
  isRecentSignIn(auth: AuthContext): boolean;
}

function bearerValue(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? (match[1] as string) : '';
}

function resolve(request: FastifyRequest, options: AuthPluginOptions): MaybePromise<AuthContext> {
  const bearer = bearerValue(request);
  if (bearer !== null) {
    const found = bearer && options.bearer ? options.bearer.resolve(bearer, request) : null;
    return andThen(found, (token) => {
      // a disabled user's tokens stop at once, whatever the resolver does
      if (!token || token.user.disabled === 1) throw unauthorized('invalid_token', 'The API token is invalid, expired or revoked.');
      return { user: token.user, via: 'token' as const, session: null, token: token.token };
    });
  }
  const cookie = sessionTokenOf(request);
  const found = cookie ? options.sessions.resolve(cookie) : null;
  return andThen(found, (session) => {
    if (!session) throw unauthorized('unauthenticated', 'Sign in first.');
    assertSameOrigin(request, options.publicOrigin, true);
    return { user: session.user, via: 'session' as const, session: session.session, token: null };
  });
}

/** Runs a guard as a callback-style hook: no promise at all when it completes synchronously. */
function hook(guard: (request: FastifyRequest) => MaybePromise<void>): preHandlerHookHandler {
  return (request, _reply, done) => {
    let pending: MaybePromise<void>;
    try {
      pending = guard(request);
    } catch (error) {
      return done(error as Error);
    }
    if (pending instanceof Promise) pending.then(() => done(), done);
    else done();
  };
}

/**
 * Authentication guards, in the order they apply:
 * 1. a Bearer header is an API token and nothing else (no CSRF: browsers never send it on their own);
 * 2. otherwise the session cookie, and for unsafe methods the same-origin rule;
 * 3. readonly tokens may only read;
 * 4. the gates (instance rules such as mandatory two-factor), in order.
 */
export const authPlugin = fp<AuthPluginOptions>(
  async (app: FastifyInstance, options) => {
    app.decorateRequest('auth', null);
    const gates = options.gates ?? [];

    const runGates = (request: FastifyRequest, auth: AuthContext, from: number): MaybePromise<void> => {
      for (let i = from; i < gates.length; i++) {
        const pending = (gates[i] as AuthGate)(request, auth);
        if (pending) return pending.then(() => runGates(request, auth, i + 1));
      }
      request.auth = auth;
    };
    const authenticate = (request: FastifyRequest): MaybePromise<void> => {
      if (request.auth) return;
      return andThen(resolve(request, options), (auth) => {
        if (auth.token?.scope === 'readonly' && !isSafeMethod(request.method)) {
          throw forbidden('token_readonly', 'This API token may only read.');
        }
        return runGates(request, auth, 0);
      });
    };
    const requireUserWith = (check: (auth: AuthContext) => void) =>
      hook((request) => andThen(authenticate(request), () => check(authOf(request))));

    app.decorate('requireUser', hook(authenticate));
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
