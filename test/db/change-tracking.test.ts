import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangeEpoch, sqliteDataVersionProbe } from '../../src/db/change-epoch.js';
import { statementKind, trackChanges } from '../../src/db/change-tracking-dialect.js';
import { ReadCache } from '../../src/db/read-cache.js';
import { trackRowChanges } from '../../src/db/row-changes.js';
import { TestClock } from '../helpers/clock.js';

interface Db {
  items: { id: number; name: string };
}

describe('change epoch', () => {
  it('moves on bump', () => {
    const epoch = new ChangeEpoch();
    const first = epoch.current();
    expect(first).toEqual(expect.any(Number));
    epoch.bump();
    expect(epoch.current()).not.toBe(first);
  });

  it('asks the probe at most once per interval and moves when it reports a change', async () => {
    let calls = 0;
    let changed = false;
    const epoch = new ChangeEpoch(() => {
      calls++;
      return changed;
    }, 30);
    const first = epoch.current();
    changed = true;
    expect(epoch.current()).toBe(first); // within the interval: not asked again
    expect(calls).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(epoch.current()).not.toBe(first);
    expect(calls).toBe(2);
  });

  it("SQLite's data_version sees another connection's commit, not its own", () => {
    const file = `/tmp/userhub-dv-${process.pid}-${Date.now()}.db`;
    const mine = new SQLite(file);
    const other = new SQLite(file);
    try {
      mine.pragma('journal_mode = WAL');
      mine.exec('create table t (x)');
      const probe = sqliteDataVersionProbe(() => mine.pragma('data_version', { simple: true }));
      probe();
      mine.exec('insert into t values (1)');
      expect(probe()).toBe(false);
      other.exec('insert into t values (2)');
      expect(probe()).toBe(true);
      expect(probe()).toBe(false);
      mine.close();
      expect(probe()).toBe(true); // a closed database reads as changed
    } finally {
      if (mine.open) mine.close();
      other.close();
    }
  });
});

describe('change-tracking dialect', () => {
  let epoch: ChangeEpoch;
  let db: Kysely<Db>;
  beforeEach(async () => {
    epoch = new ChangeEpoch();
    db = new Kysely<Db>({ dialect: trackChanges(new SqliteDialect({ database: new SQLite(':memory:') }), epoch) });
    await sql`create table items (id integer primary key, name text not null)`.execute(db);
  });
  afterEach(() => db.destroy());

  it('tells reads from row changes from schema changes', () => {
    expect(statementKind(db.selectFrom('items').selectAll().compile())).toBe('read');
    expect(statementKind(sql`select 1`.compile(db))).toBe('read');
    expect(statementKind(sql`  SELECT count(*) from items`.compile(db))).toBe('read');
    expect(statementKind(db.insertInto('items').values({ id: 1, name: 'a' }).compile())).toBe('rows');
    expect(statementKind(db.updateTable('items').set({ name: 'b' }).compile())).toBe('rows');
    expect(statementKind(db.deleteFrom('items').compile())).toBe('rows');
    expect(statementKind(sql`update items set name = 'c'`.compile(db))).toBe('rows');
    expect(statementKind(sql`with x as (select 1) delete from items`.compile(db))).toBe('rows');
    expect(statementKind(db.schema.createTable('other').addColumn('x', 'text').compile())).toBe('schema');
  });

  it('leaves the epoch alone for reads and moves it after every autocommit write', async () => {
    const start = epoch.current();
    await db.selectFrom('items').selectAll().execute();
    await sql`select 1`.execute(db);
    expect(epoch.current()).toBe(start);
    await db.insertInto('items').values({ id: 1, name: 'a' }).execute();
    const afterInsert = epoch.current();
    expect(afterInsert).not.toBe(start);
    await db.updateTable('items').set({ name: 'b' }).execute();
    expect(epoch.current()).not.toBe(afterInsert);
  });

  it('moves it once a transaction that wrote ends (commit or rollback), not before', async () => {
    const start = epoch.current();
    let during: number | null = null;
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ id: 1, name: 'a' }).execute();
      during = epoch.current();
    });
    expect(during).toBe(start);
    const afterCommit = epoch.current();
    expect(afterCommit).not.toBe(start);

    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ id: 2, name: 'b' }).execute();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(epoch.current()).not.toBe(afterCommit);
    expect(await db.selectFrom('items').select('id').execute()).toEqual([{ id: 1 }]);

    const beforeReadOnly = epoch.current();
    await db.transaction().execute((trx) => trx.selectFrom('items').selectAll().execute());
    expect(epoch.current()).toBe(beforeReadOnly);
  });
});

describe('read cache', () => {
  const counter = () => {
    let loads = 0;
    const load = async () => ({ n: ++loads });
    return { load, loads: () => loads };
  };

  it('serves a value from memory until the epoch moves', async () => {
    const epoch = new ChangeEpoch();
    const cache = new ReadCache<{ n: number }>(epoch, new TestClock(), { userOf: () => 'user' });
    const source = counter();
    expect(await cache.get('k', source.load)).toEqual({ n: 1 });
    expect(await cache.get('k', source.load)).toEqual({ n: 1 });
    expect(source.loads()).toBe(1);
    epoch.bump();
    expect(await cache.get('k', source.load)).toEqual({ n: 2 });
    expect(source.loads()).toBe(2);
  });

  it('keeps nothing a write raced: a value loaded while the epoch moved is not served again', async () => {
    const epoch = new ChangeEpoch();
    const cache = new ReadCache<{ n: number }>(epoch, new TestClock(), { userOf: () => 'user' });
    let n = 0;
    const racing = async () => {
      n++;
      epoch.bump(); // a write commits while this read is in flight
      return { n };
    };
    await cache.get('k', racing);
    await cache.get('k', racing);
    expect(n).toBe(2);
  });

  it('forgets a value after its lifetime on the clock', async () => {
    // a clock that moves only when told (TestClock follows real time, which a loaded machine moves by milliseconds)
    let nowMs = Date.now();
    const clock = { nowMs: () => nowMs, now: () => new Date(nowMs), advance: (ms: number) => void (nowMs += ms) };
    const cache = new ReadCache<{ n: number }>(new ChangeEpoch(), clock, { userOf: () => 'user', ttlMs: 1000 });
    const source = counter();
    await cache.get('k', source.load);
    clock.advance(999);
    await cache.get('k', source.load);
    expect(source.loads()).toBe(1);
    clock.advance(1);
    await cache.get('k', source.load);
    expect(source.loads()).toBe(2);
  });

  it('forgets sooner a value whose owner says time changes it (maxAgeOf), never later than the lifetime', async () => {
    let nowMs = Date.now();
    const clock = { nowMs: () => nowMs, now: () => new Date(nowMs), advance: (ms: number) => void (nowMs += ms) };
    const cache = new ReadCache<{ n: number; pending: boolean }>(new ChangeEpoch(), clock, {
      userOf: () => 'user',
      ttlMs: 60_000,
      maxAgeOf: (value) => (value.pending ? 1000 : Infinity),
    });
    let loads = 0;
    const load = (pending: boolean) => async () => ({ n: ++loads, pending });
    await cache.get('pending', load(true));
    await cache.get('plain', load(false));
    clock.advance(999);
    expect(await cache.get('pending', load(true))).toEqual({ n: 1, pending: true });
    clock.advance(1);
    expect(await cache.get('pending', load(true))).toEqual({ n: 3, pending: true });
    expect(await cache.get('plain', load(false))).toEqual({ n: 2, pending: false });
    clock.advance(59_000);
    expect(await cache.get('plain', load(false))).toEqual({ n: 4, pending: false });
  });

  it('keeps no misses, freezes what it keeps and evicts the oldest beyond its size', async () => {
    const cache = new ReadCache<{ n: number }>(new ChangeEpoch(), new TestClock(), { userOf: () => 'user', maxEntries: 2 });
    let misses = 0;
    const missing = async () => {
      misses++;
      return undefined;
    };
    await cache.get('unknown', missing);
    await cache.get('unknown', missing);
    expect(misses).toBe(2);

    const kept = await cache.get('a', async () => ({ n: 1 }));
    expect(Object.isFrozen(kept)).toBe(true);
    await cache.get('b', async () => ({ n: 2 }));
    await cache.get('c', async () => ({ n: 3 }));
    expect(await cache.get('a', async () => ({ n: 10 }))).toEqual({ n: 10 });
    expect(await cache.get('c', async () => ({ n: 30 }))).toEqual({ n: 3 });
  });
});

describe('per-user invalidation (row triggers)', () => {
  interface Row {
    user: string;
    n: number;
  }
  const byUser = (epoch: ChangeEpoch) => new ReadCache<Row>(epoch, new TestClock(), { userOf: (row) => row.user });

  it("a change of one user's rows drops that user's entries only", async () => {
    const epoch = new ChangeEpoch();
    const cache = byUser(epoch);
    let n = 0;
    const load = (user: string) => async () => ({ user, n: ++n });
    await cache.get('a1', load('a'));
    await cache.get('a2', load('a'));
    await cache.get('b1', load('b'));
    epoch.userChanged('a');
    expect(cache.peek('a1')).toBeUndefined();
    expect(cache.peek('a2')).toBeUndefined();
    expect(cache.peek('b1')).toEqual({ user: 'b', n: 3 });
    epoch.bump();
    expect(cache.peek('b1')).toBeUndefined();
  });

  it("keeps nothing a change of that user raced", async () => {
    const epoch = new ChangeEpoch();
    const cache = byUser(epoch);
    await cache.get('a1', async () => {
      epoch.userChanged('a'); // committed while this read was in flight
      return { user: 'a', n: 1 };
    });
    expect(cache.peek('a1')).toBeUndefined();
    await cache.get('b1', async () => {
      epoch.userChanged('a');
      return { user: 'b', n: 2 };
    });
    expect(cache.peek('b1')).toEqual({ user: 'b', n: 2 });
  });

  it('forgets every entry when it stops remembering users (bounded memory)', async () => {
    const epoch = new ChangeEpoch(null, 50, 2);
    const cache = byUser(epoch);
    await cache.get('c1', async () => ({ user: 'c', n: 1 }));
    epoch.userChanged('a');
    epoch.userChanged('b');
    expect(cache.peek('c1')).toEqual({ user: 'c', n: 1 });
    epoch.userChanged('d'); // a third user: the map is emptied and everything counts as changed
    expect(cache.peek('c1')).toBeUndefined();
  });

  describe('on a real connection', () => {
    let sqlite: SQLite.Database;
    let epoch: ChangeEpoch;
    let db: Kysely<{ users: { id: string; name: string }; sessions: { id: string; user_id: string }; settings: { key: string; value: string }; security_events: { id: string; user_id: string } }>;
    beforeEach(async () => {
      sqlite = new SQLite(':memory:');
      epoch = new ChangeEpoch();
      db = new Kysely({ dialect: trackChanges(new SqliteDialect({ database: sqlite }), epoch) });
      await sql`create table users (id text primary key, name text)`.execute(db);
      await sql`create table sessions (id text primary key, user_id text references users(id) on delete cascade)`.execute(db);
      await sql`create table settings (key text primary key, value text)`.execute(db);
      await sql`create table security_events (id text primary key, user_id text)`.execute(db);
      sqlite.pragma('foreign_keys = ON');
      trackRowChanges(sqlite, epoch);
    });
    afterEach(() => db.destroy());

    it('pins each row change on its user; tables without one move the global epoch; uncached tables nothing', async () => {
      await db.insertInto('users').values([{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }]).execute();
      const global = epoch.current();
      let position = epoch.position();
      await db.insertInto('sessions').values({ id: 's1', user_id: 'a' }).execute();
      expect(epoch.userChangedSince('a', position)).toBe(true);
      expect(epoch.userChangedSince('b', position)).toBe(false);
      expect(epoch.current()).toBe(global);

      position = epoch.position();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ name: 'B2' }).where('id', '=', 'b').execute();
      });
      expect(epoch.userChangedSince('b', position)).toBe(true);
      expect(epoch.userChangedSince('a', position)).toBe(false);
      expect(epoch.current()).toBe(global);

      position = epoch.position();
      await db.deleteFrom('users').where('id', '=', 'a').execute(); // cascades to a's session
      expect(epoch.userChangedSince('a', position)).toBe(true);
      expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);

      position = epoch.position();
      await db.insertInto('security_events').values({ id: 'e', user_id: 'b' }).execute();
      expect(epoch.position()).toBe(position);
      expect(epoch.current()).toBe(global);

      await db.insertInto('settings').values({ key: 'k', value: '1' }).execute();
      expect(epoch.current()).not.toBe(global);
    });

    it('a schema change turns row tracking off: every write is global until the triggers are installed again', async () => {
      await sql`create table later (id text, user_id text)`.execute(db);
      expect(epoch.rowTracking).toBe(false);
      const global = epoch.current();
      await db.insertInto('users').values({ id: 'c', name: 'C' }).execute();
      expect(epoch.current()).not.toBe(global);
      trackRowChanges(sqlite, epoch);
      const position = epoch.position();
      await sql`insert into later (id, user_id) values ('x', 'c')`.execute(db);
      expect(epoch.userChangedSince('c', position)).toBe(true);
    });
  });
});
