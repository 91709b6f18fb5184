import type { Executor, OidcKeysTable, OidcModelsTable } from '../../db/schema.js';

export async function upsertModel(ex: Executor, row: OidcModelsTable): Promise<void> {
  await ex
    .insertInto('oidc_models')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['kind', 'id']).doUpdateSet({
        payload: row.payload,
        grant_id: row.grant_id,
        uid: row.uid,
        user_code: row.user_code,
        account_id: row.account_id,
        expires_at: row.expires_at,
        consumed_at: row.consumed_at,
      }),
    )
    .execute();
}

/** A live row (not past its expiry) by id, or by one of its secondary keys. */
export function findModel(ex: Executor, kind: string, by: 'id' | 'uid' | 'user_code', value: string, now: string) {
  return ex
    .selectFrom('oidc_models')
    .select(['payload', 'consumed_at'])
    .where('kind', '=', kind)
    .where(by, '=', value)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
}

export async function consumeModel(ex: Executor, kind: string, id: string, now: string): Promise<void> {
  await ex.updateTable('oidc_models').set({ consumed_at: now }).where('kind', '=', kind).where('id', '=', id).execute();
}

export async function destroyModel(ex: Executor, kind: string, id: string): Promise<void> {
  await ex.deleteFrom('oidc_models').where('kind', '=', kind).where('id', '=', id).execute();
}

export async function destroyByGrantId(ex: Executor, kind: string, grantId: string): Promise<void> {
  await ex.deleteFrom('oidc_models').where('kind', '=', kind).where('grant_id', '=', grantId).execute();
}

export async function deleteExpiredModels(ex: Executor, now: string): Promise<void> {
  await ex.deleteFrom('oidc_models').where('expires_at', '<=', now).execute();
}

export function listKeys(ex: Executor): Promise<OidcKeysTable[]> {
  return ex.selectFrom('oidc_keys').selectAll().orderBy('created_at', 'desc').execute();
}

/** Inserts a key unless one with its kid exists (two nodes starting at once keep the first). */
export async function insertKey(ex: Executor, row: OidcKeysTable): Promise<void> {
  await ex.insertInto('oidc_keys').values(row).onConflict((oc) => oc.column('kid').doNothing()).execute();
}
