import type { Executor } from '../../db/schema.js';

/** The user's TOTP row, pending or confirmed; `lastUsedStep` read as a number on both engines. */
export async function findTotpByUserId(ex: Executor, userId: string) {
  const row = await ex.selectFrom('totp_credentials').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row ? { ...row, last_used_step: Number(row.last_used_step) } : undefined;
}

/**
 * Stores a pending secret, replacing an earlier pending one; leaves a confirmed credential alone.
 * @returns false when the user already has a confirmed TOTP credential
 */
export async function upsertPendingTotp(ex: Executor, userId: string, secretCiphertext: string, now: string): Promise<boolean> {
  const result = await ex
    .insertInto('totp_credentials')
    .values({ user_id: userId, secret_ciphertext: secretCiphertext, confirmed_at: null, last_used_step: 0, created_at: now })
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ secret_ciphertext: secretCiphertext, last_used_step: 0, created_at: now })
        .where('totp_credentials.confirmed_at', 'is', null),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/**
 * Confirms the pending secret that was checked (same ciphertext: a setup racing in between
 * makes this fail) and remembers the step of the code that confirmed it.
 */
export async function confirmPendingTotp(ex: Executor, userId: string, secretCiphertext: string, step: number, now: string): Promise<boolean> {
  const result = await ex
    .updateTable('totp_credentials')
    .set({ confirmed_at: now, last_used_step: step })
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is', null)
    .where('secret_ciphertext', '=', secretCiphertext)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Accepts a step once: moves `last_used_step` forward only if it is still behind. Of two
 * transactions racing with the same code, exactly one sees a row updated.
 */
export async function advanceTotpStep(ex: Executor, userId: string, step: number): Promise<boolean> {
  const result = await ex
    .updateTable('totp_credentials')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .where('last_used_step', '<', step)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Removes the TOTP credential (pending or confirmed); returns whether a confirmed one was removed. */
export async function deleteTotpByUserId(ex: Executor, userId: string): Promise<boolean> {
  const removed = await ex.deleteFrom('totp_credentials').where('user_id', '=', userId).returning('confirmed_at').executeTakeFirst();
  return removed !== undefined && removed.confirmed_at !== null;
}

/** Replaces every recovery code of the user (used or not) with the given hashes. */
export async function replaceRecoveryCodes(ex: Executor, userId: string, rows: { id: string; codeHash: string }[], now: string) {
  await ex.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (rows.length === 0) return;
  await ex
    .insertInto('recovery_codes')
    .values(rows.map((row) => ({ id: row.id, user_id: userId, code_hash: row.codeHash, used_at: null, created_at: now })))
    .execute();
}

export async function deleteRecoveryCodesByUserId(ex: Executor, userId: string): Promise<void> {
  await ex.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}

export function listUnusedRecoveryCodesByUserId(ex: Executor, userId: string) {
  return ex.selectFrom('recovery_codes').select(['id', 'code_hash']).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** Uses a code once: false when it was used meanwhile (a racing request). */
export async function markRecoveryCodeUsed(ex: Executor, id: string, userId: string, now: string): Promise<boolean> {
  const result = await ex
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function countUnusedRecoveryCodesByUserId(ex: Executor, userId: string): Promise<number> {
  const row = await ex
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
