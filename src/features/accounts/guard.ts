import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { authOf } from '../../http/authenticate.js';
import type { AccountService } from './service.js';

export type Membership = Awaited<ReturnType<AccountService['membershipFor']>>;

declare module 'fastify' {
  interface FastifyRequest {
    /** the caller's membership of `/accounts/:id`, set by requireAccountMember */
    membership: Membership | null;
  }
}

/**
 * preHandler for every route under `/accounts/:id`: the caller must be a member (else 404
 * account_not_found, as for an account that does not exist) and, when the account requires
 * MFA, have a second factor (else 403 mfa_required). Leaves the membership on the request.
 * Registered as a hook of the `/accounts/:id` scope, so routes added there later get it too.
 */
export function requireAccountMember(accounts: AccountService): preHandlerAsyncHookHandler {
  return async (request) => {
    const { id } = request.params as { id: string };
    request.membership = await accounts.membershipFor(authOf(request).user, id);
  };
}

/** The membership of a route behind requireAccountMember. */
export function membershipOf(request: FastifyRequest): Membership {
  if (!request.membership) throw new Error('membershipOf() used outside requireAccountMember');
  return request.membership;
}
