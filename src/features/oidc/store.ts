import type { Insertable } from 'kysely';
import type { Executor, OidcKeysTable, OidcModelsTable } from '../../db/schema.js';

export async function upsertModel(ex: Executor, row: Insertable<OidcModelsTable>): Promise<void> {
  await ex
    .insertInto('oidc_models')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['kind', 'id']).doUpdateSet({
        payload: row.payload,
        grant_id: row.grant_id ?? null,
        uid: row.uid ?? null,
        user_code: row.user_code ?? null,
        account_id: row.account_id ?? null,
        expires_at: row.expires_at ?? null,
        consumed_at: row.consumed_at ?? null,
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

/**
 * Marks a code or refresh token used, once: of two requests (or nodes) racing with one, exactly
 * one changes the row; false for the other.
 */
export async function consumeModel(ex: Executor, kind: string, id: string, now: string): Promise<boolean> {
  const result = await ex
    .updateTable('oidc_models')
    .set({ consumed_at: now })
    .where('kind', '=', kind)
    .where('id', '=', id)
    .where('consumed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
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

/** Rows of a kind about a user (their Sessions, their Grants), live ones only. */
export function listModelsByAccount(ex: Executor, kind: string, accountId: string, now: string) {
  return ex
    .selectFrom('oidc_models')
    .select(['id', 'payload', 'last_used_at'])
    .where('kind', '=', kind)
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .execute();
}

/** Every token a grant gave (access and refresh tokens, codes), of any kind. */
export async function deleteTokensByGrantId(ex: Executor, grantId: string): Promise<void> {
  await ex.deleteFrom('oidc_models').where('grant_id', '=', grantId).where('kind', '!=', 'Grant').execute();
}

export async function touchGrant(ex: Executor, grantId: string, now: string): Promise<void> {
  await ex.updateTable('oidc_models').set({ last_used_at: now }).where('kind', '=', 'Grant').where('id', '=', grantId).execute();
}

export async function linkSession(ex: Executor, row: { provider_session_id: string; session_id: string; user_id: string; created_at: string }): Promise<void> {
  await ex
    .insertInto('oidc_session_links')
    .values(row)
    .onConflict((oc) => oc.column('provider_session_id').doUpdateSet({ session_id: row.session_id, user_id: row.user_id }))
    .execute();
}

/** The app sessions of a user whose dashboard session has ended (or is gone). */
export function listLinksOfEndedSessions(ex: Executor, userId: string) {
  return ex
    .selectFrom('oidc_session_links')
    .leftJoin('sessions', 'sessions.id', 'oidc_session_links.session_id')
    .select(['oidc_session_links.provider_session_id', 'sessions.end_reason'])
    .where('oidc_session_links.user_id', '=', userId)
    .where((eb) => eb.or([eb('sessions.id', 'is', null), eb('sessions.ended_at', 'is not', null)]))
    .execute();
}

export async function deleteLink(ex: Executor, providerSessionId: string): Promise<void> {
  await ex.deleteFrom('oidc_session_links').where('provider_session_id', '=', providerSessionId).execute();
}

/** Whether `uri` is the back-channel logout URI of a registered app (the only addresses we call). */
export async function isRegisteredBackchannelUri(ex: Executor, uri: string): Promise<boolean> {
  const row = await ex.selectFrom('apps').select('id').where('backchannel_logout_uri', '=', uri).executeTakeFirst();
  return row !== undefined;
}

export async function retireActiveKeys(ex: Executor, now: string): Promise<void> {
  await ex.updateTable('oidc_keys').set({ retired_at: now }).where('retired_at', 'is', null).execute();
}

export function listLinksByUserId(ex: Executor, userId: string) {
  return ex.selectFrom('oidc_session_links').select(['provider_session_id', 'session_id']).where('user_id', '=', userId).execute();
}

/** Users with an app sign-in linked to a dashboard session that has ended (or is gone). */
export async function listUsersWithEndedLinks(ex: Executor): Promise<string[]> {
  const rows = await ex
    .selectFrom('oidc_session_links')
    .leftJoin('sessions', 'sessions.id', 'oidc_session_links.session_id')
    .select('oidc_session_links.user_id')
    .distinct()
    .where((eb) => eb.or([eb('sessions.id', 'is', null), eb('sessions.ended_at', 'is not', null)]))
    .execute();
  return rows.map((row) => row.user_id);
}

/** Links whose app session is gone (expired, ended) are forgotten. */
export async function deleteLinksWithoutProviderSession(ex: Executor): Promise<void> {
  await ex
    .deleteFrom('oidc_session_links')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('oidc_models')
            .select('oidc_models.id')
            .where('oidc_models.kind', '=', 'Session')
            .whereRef('oidc_models.id', '=', 'oidc_session_links.provider_session_id'),
        ),
      ),
    )
    .execute();
}

/** What a user's consents gave the apps: every grant, code and token of the account (a lockdown). */
const GRANTED_KINDS = ['Grant', 'AuthorizationCode', 'AccessToken', 'RefreshToken'];

/** Deletes every grant, code and token of the account; returns how many grants there were. */
export async function deleteGrantsOfAccount(ex: Executor, accountId: string): Promise<number> {
  const grants = await ex.selectFrom('oidc_models').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'Grant').where('account_id', '=', accountId).executeTakeFirstOrThrow();
  await ex.deleteFrom('oidc_models').where('account_id', '=', accountId).where('kind', 'in', GRANTED_KINDS).execute();
  return Number(grants.n);
}
