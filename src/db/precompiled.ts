import type { CompiledQuery, Compilable } from 'kysely';
import { prepareOnServer } from './prepared-statements.js';
import type { Executor } from './schema.js';

interface Entry<Row> {
  compiled: CompiledQuery<Row>;
  /** for each parameter of the compiled query, the index of the argument it takes; -1: a constant of the query */
  slots: number[];
}

/**
 * A hot-path query compiled once per executor and then run with new parameter values.
 * Building and compiling a Kysely query costs more than running it on SQLite; for the few
 * queries that run on every request (session and token lookup, the profile view) we skip that
 * work, and PostgreSQL runs them as named prepared statements (prepared-statements.ts).
 * `build` must use each of its arguments only as a query parameter (in any order, any number
 * of times); any other parameter it makes is kept as compiled, so it must be a constant.
 */
export function precompiled<Args extends string[], Row>(build: (ex: Executor, ...args: Args) => Compilable<Row>) {
  const cache = new WeakMap<Executor, Entry<Row>>();
  return async (ex: Executor, ...args: Args): Promise<Row[]> => {
    let entry = cache.get(ex);
    if (!entry) {
      const markers = args.map((_, i) => `\u0000precompiled-argument-${i}`) as Args;
      const compiled = build(ex, ...markers).compile();
      const slots = compiled.parameters.map((value) => markers.indexOf(value as string));
      if (markers.some((_, i) => !slots.includes(i))) throw new Error('precompiled: an argument that is not a parameter');
      prepareOnServer(compiled.sql);
      entry = { compiled, slots };
      cache.set(ex, entry);
    }
    const { compiled, slots } = entry;
    const parameters = slots.map((slot, i) => (slot < 0 ? compiled.parameters[i] : args[slot]));
    const result = await ex.executeQuery<Row>({ ...compiled, parameters });
    return result.rows;
  };
}
