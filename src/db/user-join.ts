import { type AliasedExpression, type ExpressionBuilder, PostgresAdapter, type SelectQueryBuilder, sql } from 'kysely';
import { BatchedLoader } from './batched-loader.js';
import { precompiled } from './precompiled.js';
import type { Database, Executor } from './schema.js';

/** What a column builder of a join may use: the `users` row of the caller. */
export type UsersExpressions = ExpressionBuilder<Database, 'users'>;

/**
 * Columns a route reads with its caller's user row, in the same statement as the session or
 * token lookup: one round trip per request on PostgreSQL. `select` returns scalar subqueries on
 * `users` (each owner names its aliases); `now` (ISO time) is the one value they may take
 * besides constants. `read` turns those columns of the row into the route's value.
 */
export interface UserJoin<T> {
  select(eb: UsersExpressions, now: string): AliasedExpression<unknown, string>[];
  read(row: Readonly<Record<string, unknown>>): T;
}

/** Several joins read in one statement, their values under their names. */
export function joinAll<T extends Record<string, unknown>>(parts: { [K in keyof T]: UserJoin<T[K]> }): UserJoin<T> {
  const entries = Object.entries(parts) as [keyof T & string, UserJoin<unknown>][];
  return {
    select: (eb, now) => entries.flatMap(([, part]) => part.select(eb, now)),
    read: (row) => {
      const value: Record<string, unknown> = {};
      for (const [name, part] of entries) value[name] = part.read(row);
      return value as T;
    },
  };
}

/**
 * Reads `join`'s value out of a row read with it. The row is not copied: it keeps the join's
 * columns (and `lookup_key` when batched), and its readers take the columns they know
 * (pickUserRow): a copy of the ~45 columns per request cost more than all the rest of the split.
 */
function joinReader<T>(join: UserJoin<T>) {
  return <R extends object>(row: R): { row: R; joined: T } => ({ row, joined: join.read(row as Readonly<Record<string, unknown>>) });
}

type KeyColumn = 'sessions.token_hash' | 'api_tokens.token_hash';
type Lookup<O> = SelectQueryBuilder<Database, 'users' | 'sessions' | 'api_tokens', O>;
type Found<O> = { row: O; joined: unknown };

interface Variant<O> {
  /** by one key */
  one(ex: Executor, key: string, now: string): Promise<unknown[]>;
  /** by many keys (PostgreSQL), each row with its key as `lookup_key` */
  many(ex: Executor, keys: string[], now: string): Promise<unknown[]>;
  split(row: object): Found<O>;
}

/**
 * The per-request lookup of a caller by one key (a session's or token's hash, `keyColumn`) that
 * joins the caller's `users` row, precompiled; with a `join`, that join's columns come in the
 * same statement and its value beside the row. On PostgreSQL, lookups outside a transaction are
 * batched (BatchedLoader): concurrent requests share one statement, `keyColumn = any($1)`.
 */
export function callerLookup<O>(build: (ex: Executor) => SelectQueryBuilder<Database, 'users' | 'sessions' | 'api_tokens', O>, keyColumn: KeyColumn) {
  const variants = new Map<UserJoin<unknown> | null, Variant<O>>();
  const loaders = new WeakMap<Executor, Map<UserJoin<unknown> | null, BatchedLoader<Found<O>, string>>>();

  const variant = (join: UserJoin<unknown> | null): Variant<O> => {
    let found = variants.get(join);
    if (found) return found;
    // the lookup joins `users`, which is all a join's columns refer to
    const withJoin = (query: Lookup<O>, now: string) => (join ? query.select((eb) => join.select(eb as unknown as UsersExpressions, now)) : query);
    const byKey = (ex: Executor, key: string, now: string) => withJoin(build(ex).where(keyColumn, '=', key), now);
    const byKeys = (ex: Executor, keys: string, now: string) =>
      withJoin(build(ex).select(sql.ref(keyColumn).as('lookup_key')).where(sql.ref(keyColumn), '=', sql`any(${keys}::text[])`), now);
    // without a join there is no `now` parameter (precompiled wants every argument to be one)
    const oneJoined = precompiled(byKey);
    const onePlain = precompiled((ex: Executor, key: string) => byKey(ex, key, ''));
    const manyJoined = precompiled(byKeys);
    const manyPlain = precompiled((ex: Executor, keys: string) => byKeys(ex, keys, ''));
    const splitJoin = join ? joinReader(join) : null;
    found = {
      one: (ex, key, now) => (join ? oneJoined(ex, key, now) : onePlain(ex, key)),
      // the array travels as one parameter: precompiled puts it where the placeholder was
      many: (ex, keys, now) => (join ? manyJoined(ex, keys as unknown as string, now) : manyPlain(ex, keys as unknown as string)),
      split: (row) => (splitJoin ? (splitJoin(row) as Found<O>) : { row: row as O, joined: undefined }),
    };
    variants.set(join, found);
    return found;
  };

  const loader = (ex: Executor, join: UserJoin<unknown> | null) => {
    let byJoin = loaders.get(ex);
    if (!byJoin) {
      byJoin = new Map();
      loaders.set(ex, byJoin);
    }
    let batched = byJoin.get(join);
    if (!batched) {
      const { many, split } = variant(join);
      batched = new BatchedLoader<Found<O>, string>(async (keys, now) => {
        const rows = (await many(ex, keys, now)) as { lookup_key: string }[];
        return new Map(rows.map((row) => [row.lookup_key, split(row)]));
      });
      byJoin.set(join, batched);
    }
    return batched;
  };

  return async (ex: Executor, key: string, join?: { join: UserJoin<unknown>; now: string }): Promise<Found<O> | undefined> => {
    const now = join?.now ?? '';
    if (ex.getExecutor().adapter instanceof PostgresAdapter && !ex.isTransaction) return loader(ex, join?.join ?? null).get(key, now);
    const { one, split } = variant(join?.join ?? null);
    const [row] = await one(ex, key, now);
    return row ? split(row as object) : undefined;
  };
}
