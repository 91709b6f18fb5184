import { type AliasedExpression, type ExpressionBuilder, type SelectQueryBuilder, expressionBuilder } from 'kysely';
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
    read: (row) => Object.fromEntries(entries.map(([name, part]) => [name, part.read(row)])) as T,
  };
}

/**
 * Splits a row read with `join` into the row without the join's columns (what the query would
 * have given without it) and the join's value.
 */
export function joinSplitter<T>(join: UserJoin<T>) {
  const aliases = join.select(expressionBuilder<Database, 'users'>(), '').map((column) => column.alias).filter((alias) => typeof alias === 'string');
  return <R extends object>(row: R): { row: R; joined: T } => {
    const joined = join.read(row as Readonly<Record<string, unknown>>);
    const rest: Record<string, unknown> = { ...(row as Record<string, unknown>) };
    for (const alias of aliases) delete rest[alias];
    return { row: rest as R, joined };
  };
}

/**
 * A per-request lookup by one key (a session's or token's hash) that joins the caller's `users`
 * row, precompiled; with a `join`, that join's columns come in the same statement and its value
 * beside the row (one precompiled query per join).
 */
export function joinableLookup<O>(build: (ex: Executor, key: string) => SelectQueryBuilder<Database, 'users' | keyof Database, O>) {
  const plain = precompiled(build);
  const joined = new WeakMap<UserJoin<unknown>, { query: (ex: Executor, key: string, now: string) => Promise<unknown[]>; split: ReturnType<typeof joinSplitter<unknown>> }>();
  const joinedQuery = (join: UserJoin<unknown>) => {
    let entry = joined.get(join);
    if (!entry) {
      const query = precompiled((ex: Executor, key: string, now: string) =>
        // the lookup joins `users`, which is all a join's columns refer to
        (build(ex, key) as unknown as SelectQueryBuilder<Database, 'users', O>).select((eb) => join.select(eb, now)),
      );
      entry = { query, split: joinSplitter(join) };
      joined.set(join, entry);
    }
    return entry;
  };
  return async (ex: Executor, key: string, join?: { join: UserJoin<unknown>; now: string }): Promise<{ row: O; joined: unknown } | undefined> => {
    if (!join) {
      const [row] = await plain(ex, key);
      return row && { row, joined: undefined };
    }
    const { query, split } = joinedQuery(join.join);
    const [row] = await query(ex, key, join.now);
    return row ? (split(row as object) as { row: O; joined: unknown }) : undefined;
  };
}
