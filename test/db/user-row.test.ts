import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_COLUMNS, pickUserRow } from '../../src/db/user-row.js';
import { type TestApp, setupApp } from '../helpers/app.js';
import { ENGINE } from '../helpers/database.js';

/**
 * The caller's lookups build the user from USER_COLUMNS (pickUserRow), not from whatever the
 * joined row holds: the list must be the table's, on either engine, and what a request sees as
 * its caller must be exactly the `users` row.
 */
describe('the users row of the caller lookups', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupApp();
  });
  afterAll(async () => t.close());

  it('USER_COLUMNS is the migrated users table, column for column', async () => {
    const db = t.app.userhub.database.db;
    const query =
      ENGINE === 'postgres'
        ? sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = 'users'`
        : sql<{ name: string }>`select name from pragma_table_info('users')`;
    const { rows } = await query.execute(db);
    expect(rows.map((row) => row.name).sort()).toEqual([...USER_COLUMNS].sort());
  });

  it('picks the users columns out of a wider row, as a new object', () => {
    const wide: Record<string, unknown> = { session_id: 's', lookup_key: 'k', media_avatar: null };
    for (const column of USER_COLUMNS) wide[column] = `${column} value`;
    const user = pickUserRow(wide);
    expect(Object.keys(user)).toEqual([...USER_COLUMNS]);
    expect(user.username).toBe('username value');
    expect(user).not.toBe(wide);
  });

  it('a session and a token resolve to exactly the users row, with and without the profile join', async () => {
    const { user, client } = await t.signedInUser({ displayName: 'Row Check' });
    const services = t.app.userhub.services;
    const stored = await t.app.userhub.database.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    const token = await services.tokens.create(user.id, { name: 'row check', scope: 'readonly' }, { ip: '127.0.0.1', userAgent: 'test' });
    for (const join of [undefined, services.profile.viewJoin]) {
      const bySession = await services.sessions.resolve(client.cookie as string, join);
      expect(bySession?.user).toStrictEqual(stored);
      expect(Object.isFrozen(bySession?.user)).toBe(true);
      const byToken = await services.tokens.authenticate(token.token, () => ({ ip: '127.0.0.1', userAgent: 'test' }), join);
      expect(byToken?.user).toStrictEqual(stored);
    }
  });
});
