import type { Executor, MailQueueRow } from '../db/schema.js';

export async function insertMail(ex: Executor, row: MailQueueRow): Promise<void> {
  await ex.insertInto('mail_queue').values(row).execute();
}

/** Pending messages whose next attempt is due, oldest first. */
export function findDue(ex: Executor, now: string, limit: number) {
  return ex
    .selectFrom('mail_queue')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

/**
 * Takes a message for one delivery attempt: moves its next attempt to the end of a lease and
 * counts the attempt, only if nobody else took it since it was read (compare-and-set on
 * next_attempt_at). When the process dies mid-send, the lease runs out and it is tried again.
 * `last_error` is cleared while the attempt runs: a row with an error is one waiting for its retry.
 */
export async function claim(ex: Executor, id: string, seenNextAttemptAt: string, leaseUntil: string): Promise<boolean> {
  const result = await ex
    .updateTable('mail_queue')
    .set((eb) => ({ next_attempt_at: leaseUntil, attempts: eb('attempts', '+', 1), last_error: null }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', seenNextAttemptAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteById(ex: Executor, id: string): Promise<void> {
  await ex.deleteFrom('mail_queue').where('id', '=', id).execute();
}

export async function reschedule(ex: Executor, id: string, nextAttemptAt: string, error: string): Promise<void> {
  await ex.updateTable('mail_queue').set({ next_attempt_at: nextAttemptAt, last_error: error }).where('id', '=', id).execute();
}

export async function markDead(ex: Executor, id: string, error: string): Promise<void> {
  await ex.updateTable('mail_queue').set({ status: 'dead', last_error: error }).where('id', '=', id).execute();
}

export function findById(ex: Executor, id: string) {
  return ex.selectFrom('mail_queue').selectAll().where('id', '=', id).executeTakeFirst();
}

