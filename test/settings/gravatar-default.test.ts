import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { migrateToLatest, openDatabase } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import { newUserRow } from '../../src/features/users/new-user.js';
import { createTestDatabase } from '../helpers/database.js';

/**
 * Gravatar is off on a new instance (initials, nothing from gravatar.com) and stays as it was on
 * an instance upgraded from before that default: on, unless an admin had turned it off.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function databaseAt(migration: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uh-gravatar-'));
  const test = await createTestDatabase(dir);
  const config: Config['database'] = test.url.startsWith('sqlite:') ? { kind: 'sqlite', file: test.url.slice('sqlite:'.length) } : { kind: 'postgres', url: test.url };
  const handle = openDatabase(config);
  cleanups.push(async () => {
    await handle.close();
    await test.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const { error } = await new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } }).migrateTo(migration);
  if (error) throw error;
  return handle.db;
}

const gravatarRow = async (db: Awaited<ReturnType<typeof databaseAt>>) =>
  (await db.selectFrom('settings').select('value').where('key', '=', 'gravatar').executeTakeFirst())?.value ?? null;

async function addUserBefore0016(db: Awaited<ReturnType<typeof databaseAt>>): Promise<void> {
  const { theme: _theme, ...row } = newUserRow({ username: 'old-user', displayName: 'Old User', email: 'old@example.com', role: 'user', source: 'local' }, new Date().toISOString());
  await db.insertInto('users').values(row).execute();
}

describe('the Gravatar default across the upgrade (migration 0016)', () => {
  it('given a new instance, then no stored setting: the default, off', async () => {
    const db = await databaseAt('0015_notice_preferences');
    await migrateToLatest(db);
    expect(await gravatarRow(db)).toBeNull();
  });

  it('given an instance with users and no stored setting, then it keeps Gravatar on', async () => {
    const db = await databaseAt('0015_notice_preferences');
    await addUserBefore0016(db);
    await migrateToLatest(db);
    expect(await gravatarRow(db)).toBe('true');
    expect(await db.selectFrom('users').select('theme').executeTakeFirstOrThrow()).toEqual({ theme: 'system' });
  });

  it('given an instance whose admin had turned Gravatar off, then it stays off', async () => {
    const db = await databaseAt('0015_notice_preferences');
    await addUserBefore0016(db);
    await db.insertInto('settings').values({ key: 'gravatar', value: 'false' }).execute();
    await migrateToLatest(db);
    expect(await gravatarRow(db)).toBe('false');
  });
});
