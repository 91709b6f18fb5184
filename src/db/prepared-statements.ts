import { createHash } from 'node:crypto';

/** SQL text → statement name, for the hot queries (see precompiled.ts); a fixed, small set. */
const names = new Map<string, string>();

/** Marks a query's SQL to run as a named prepared statement on PostgreSQL. */
export function prepareOnServer(sql: string): void {
  if (!names.has(sql)) names.set(sql, `userhub_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`);
}

/**
 * The statement name of a hot query, else undefined. node-postgres prepares a named statement
 * once per connection and then sends only Bind/Execute: the server skips parsing and planning.
 */
export function preparedName(sql: string): string | undefined {
  return names.get(sql);
}
