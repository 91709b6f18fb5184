import type { Executor } from '../../db/schema.js';

export async function insertTicket(
  ex: Executor,
  row: { id: string; token_hash: string; user_id: string; created_at: string; expires_at: string },
): Promise<void> {
  await ex.insertInto('login_tickets').values({ ...row, failed_attempts: 0 }).execute();
}

/**
 * Reserves one attempt on a live ticket (neither expired nor out of attempts) in one conditional
 * statement, before its code is checked: of any number of racing attempts at most `maxAttempts`
 * get a ticket back. undefined: no such live ticket.
 */
export function reserveTicketAttempt(ex: Executor, tokenHash: string, now: string, maxAttempts: number) {
  return ex
    .updateTable('login_tickets')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .where('failed_attempts', '<', maxAttempts)
    .returning(['id', 'user_id', 'failed_attempts'])
    .executeTakeFirst();
}

/** A live ticket (neither expired nor out of attempts), without spending an attempt. */
export function findLiveTicket(ex: Executor, tokenHash: string, now: string, maxAttempts: number) {
  return ex
    .selectFrom('login_tickets')
    .select(['id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .where('failed_attempts', '<', maxAttempts)
    .executeTakeFirst();
}

/**
 * Uses the ticket up: deletes it if it is still live. Of two requests racing with one ticket,
 * exactly one sees it deleted.
 */
export async function consumeLiveTicket(ex: Executor, id: string, userId: string, now: string): Promise<boolean> {
  const result = await ex
    .deleteFrom('login_tickets')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteTicketById(ex: Executor, id: string): Promise<void> {
  await ex.deleteFrom('login_tickets').where('id', '=', id).execute();
}

/** Every pending sign-in of the user dies (2FA turned off or reset, user deleted). */
export async function deleteTicketsByUserId(ex: Executor, userId: string): Promise<void> {
  await ex.deleteFrom('login_tickets').where('user_id', '=', userId).execute();
}

export async function deleteTicketsExpiredBefore(ex: Executor, now: string): Promise<void> {
  await ex.deleteFrom('login_tickets').where('expires_at', '<=', now).execute();
}
