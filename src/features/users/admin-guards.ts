import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import { authOf } from '../../http/authenticate.js';
import { forbidden } from '../../http/problem.js';
import { type Actor, canManageUsers } from './admin-service.js';

/**
 * The guard of the users API (run in preValidation, before the body is read): a signed-in admin or user manager (session or token; readonly
 * tokens only read). Everyone else: 403 admin_required.
 */
export function requireUserManager(app: FastifyInstance): preHandlerHookHandler {
  return app.requireUserWith((auth) => {
    if (!canManageUsers(auth.user.role)) throw forbidden('admin_required', 'Only administrators and user managers may do this.');
  });
}

/** The signed-in caller as an actor for the admin services. */
export function actorOf(request: Parameters<typeof authOf>[0]): Actor {
  const auth = authOf(request);
  return { kind: 'user', user: auth.user, recentSignIn: request.server.isRecentSignIn(auth) };
}
