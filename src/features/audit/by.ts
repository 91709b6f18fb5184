import type { FastifyRequest } from 'fastify';
import type { UserRow } from '../../db/schema.js';
import { authOf } from '../../http/authenticate.js';
import { type ClientInfo, clientInfo } from '../../http/client-info.js';

/**
 * Who made an administrative change, and from where: the signed-in admin with their address, or
 * the command line and the scheduled directory sync (`system`, no address). Every audited service
 * method takes one; the entry is written in the change's own transaction.
 */
export interface AuditBy {
  actor: { id: string | null; username: string };
  client: ClientInfo | null;
}

export const SYSTEM_BY: AuditBy = { actor: { id: null, username: 'system' }, client: null };

export function auditByUser(user: Pick<UserRow, 'id' | 'username'>, client: ClientInfo | null): AuditBy {
  return { actor: { id: user.id, username: user.username }, client };
}

/** The signed-in caller of an admin route. */
export function auditByOf(request: FastifyRequest): AuditBy {
  return auditByUser(authOf(request).user, clientInfo(request));
}
