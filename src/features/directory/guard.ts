import type { preHandlerAsyncHookHandler } from 'fastify';
import { authOf } from '../../http/authenticate.js';
import type { DirectoryService } from './service.js';

/**
 * preHandler for the TOTP enrolment routes (`/api/v1/profile/twofactor/totp/*`): a directory
 * user whose directory provides its own second factor gets 403 `managed_by_directory`.
 * Put it after the authentication guard:
 *
 * ```ts
 * app.post('/profile/twofactor/totp/setup', { preHandler: [app.requireInteractive, requireTwoFactorManagedHere(directory)] }, …)
 * ```
 */
export function requireTwoFactorManagedHere(directory: DirectoryService): preHandlerAsyncHookHandler {
  return async (request) => {
    await directory.assertTwoFactorManagedHere(authOf(request).user);
  };
}
