import type { Executor, LoginTicketPurpose } from '../../db/schema.js';

export async function insertTicket(
  ex: Executor,
  row: {
    id: string;
    token_hash: string;
    user_id: string;
    created_at: string;
    expires_at: string;
    purpose: LoginTicketPurpose;
    sign_in_method: string | null;
  },
): Promise<void> {
  await ex.insertInto('login_tickets').values({ ...row, failed_attempts: 0 }).execute();
}

/**
 * Reserves one attempt on a live ticket of this purpose (neither expired nor out of attempts)
 * in one conditional statement, before its answer is checked: of any number of racing attempts
 * at most `maxAttempts` get a ticket back. undefined: no such live ticket.
 */
export function reserveTicketAttempt(ex: Executor, tokenHash: string, purpose: LoginTicketPurpose, now: string, maxAttempts: number) {
  return ex
    .updateTable('login_tickets')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', now)
    .where('failed_attempts', '<', maxAttempts)
    .returning(['id', 'user_id', 'failed_attempts', 'sign_in_method'])
    .executeTakeFirst();
}

/** A live ticket of this purpose (neither expired nor out of attempts), without spending an attempt. */
export function findLiveTicket(ex: Executor, tokenHash: string, purpose: LoginTicketPurpose, now: string, maxAttempts: number) {
  return ex
    .selectFrom('login_tickets')
    .select(['id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', now)
    .where('failed_attempts', '<', maxAttempts)
    .executeTakeFirst();
}

/**
 * Uses the ticket up: deletes it if it is still live and of this purpose. Of two requests racing
 * with one ticket, exactly one sees it deleted.
 */
export async function consumeLiveTicket(ex: Executor, id: string, userId: string, purpose: LoginTicketPurpose, now: string): Promise<boolean> {
  const result = await ex
    .deleteFrom('login_tickets')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteTicketById(ex: Executor, id: string): Promise<void> {
  await ex.deleteFrom('login_tickets').where('id', '=', id).execute();
}

/** Every pending sign-in of the user dies, whatever its step (2FA turned off or reset, lockdown, user deleted). */
export async function deleteTicketsByUserId(ex: Executor, userId: string): Promise<void> {
  await ex.deleteFrom('login_tickets').where('user_id', '=', userId).execute();
}

export async function deleteTicketsExpiredBefore(ex: Executor, now: string): Promise<void> {
  await ex.deleteFrom('login_tickets').where('expires_at', '<=', now).execute();
}
