import type { Executor } from '../../db/schema.js';

/** Every stored setting, as raw JSON text by key. */
export async function listSettings(ex: Executor): Promise<{ key: string; value: string }[]> {
  return ex.selectFrom('settings').select(['key', 'value']).execute();
}

export async function findSetting(ex: Executor, key: string): Promise<string | null> {
  const row = await ex.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

/** Insert or replace one setting (value is JSON text). */
export async function upsertSetting(ex: Executor, key: string, value: string): Promise<void> {
  await ex
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/**
 * Compare-and-set: replaces the value only while it is still `expected` (null: the key must be
 * absent). True when this caller won. Used as a lease between nodes.
 */
export async function swapSetting(ex: Executor, key: string, expected: string | null, value: string): Promise<boolean> {
  if (expected === null) {
    const result = await ex
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }
  const result = await ex.updateTable('settings').set({ value }).where('key', '=', key).where('value', '=', expected).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteSetting(ex: Executor, key: string): Promise<void> {
  await ex.deleteFrom('settings').where('key', '=', key).execute();
}
