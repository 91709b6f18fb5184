import type { ChallengePurpose, ChallengeRow, Executor, PasskeyRow } from '../../db/schema.js';

export async function insertPasskey(ex: Executor, row: PasskeyRow): Promise<void> {
  await ex.insertInto('passkeys').values(row).execute();
}

/** The user's passkeys, oldest first (at most the per-user limit exist). */
export function listPasskeysByUserId(ex: Executor, userId: string): Promise<PasskeyRow[]> {
  return ex.selectFrom('passkeys').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
}

export async function countPasskeysByUserId(ex: Executor, userId: string): Promise<number> {
  const row = await ex
    .selectFrom('passkeys')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findPasskeyByCredentialId(ex: Executor, credentialId: string): Promise<PasskeyRow | undefined> {
  return ex.selectFrom('passkeys').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
}

/** The user handle of any of the user's passkeys (they all share one), or undefined. */
export async function findUserHandleByUserId(ex: Executor, userId: string): Promise<string | undefined> {
  const row = await ex.selectFrom('passkeys').select('user_handle').where('user_id', '=', userId).limit(1).executeTakeFirst();
  return row?.user_handle;
}

export async function renamePasskey(ex: Executor, id: string, userId: string, name: string): Promise<PasskeyRow | undefined> {
  return ex.updateTable('passkeys').set({ name }).where('id', '=', id).where('user_id', '=', userId).returningAll().executeTakeFirst();
}

export function deletePasskey(ex: Executor, id: string, userId: string): Promise<PasskeyRow | undefined> {
  return ex.deleteFrom('passkeys').where('id', '=', id).where('user_id', '=', userId).returningAll().executeTakeFirst();
}

export async function deletePasskeysByUserId(ex: Executor, userId: string): Promise<number> {
  const result = await ex.deleteFrom('passkeys').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Records a use: the new counter and the time, in one conditional statement. The counter may
 * only move forward (or stay 0, as synced passkeys keep it): of two racing uses with one counter
 * value, exactly one is recorded. false: the passkey is gone or the counter was overtaken.
 */
export async function recordPasskeyUse(
  ex: Executor,
  row: { id: string; userId: string; counter: number; backedUp: boolean; now: string },
): Promise<boolean> {
  const result = await ex
    .updateTable('passkeys')
    .set({ counter: row.counter, last_used_at: row.now, backed_up: row.backedUp ? 1 : 0 })
    .where('id', '=', row.id)
    .where('user_id', '=', row.userId)
    .where((eb) => (row.counter === 0 ? eb('counter', '=', 0) : eb('counter', '<', row.counter)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertChallenge(ex: Executor, row: ChallengeRow): Promise<void> {
  await ex.insertInto('webauthn_challenges').values(row).execute();
}

/**
 * Uses a live challenge up: deletes it when it is the one named, for this purpose, owner and
 * binding. Of any number of racing answers exactly one gets it back.
 */
export function consumeChallenge(
  ex: Executor,
  match: { challenge: string; purpose: ChallengePurpose; userId: string | null; binding: string | null; id?: string; now: string },
): Promise<ChallengeRow | undefined> {
  let query = ex
    .deleteFrom('webauthn_challenges')
    .where('challenge', '=', match.challenge)
    .where('purpose', '=', match.purpose)
    .where('expires_at', '>', match.now);
  query = match.userId === null ? query.where('user_id', 'is', null) : query.where('user_id', '=', match.userId);
  query = match.binding === null ? query.where('binding', 'is', null) : query.where('binding', '=', match.binding);
  if (match.id !== undefined) query = query.where('id', '=', match.id);
  return query.returningAll().executeTakeFirst();
}

/** The challenges of a user that die with their second factor or their pending sign-ins. */
export async function deleteChallengesByUserId(ex: Executor, userId: string): Promise<void> {
  await ex.deleteFrom('webauthn_challenges').where('user_id', '=', userId).execute();
}

export async function deleteChallengesExpiredBefore(ex: Executor, now: string): Promise<void> {
  await ex.deleteFrom('webauthn_challenges').where('expires_at', '<=', now).execute();
}
