import type { CompiledQuery, Compilable } from 'kysely';
import type { Executor } from './schema.js';

/**
 * A hot-path query compiled once per executor and then run with new parameter values.
 * Building and compiling a Kysely query costs more than running it on SQLite; for the few
 * queries that run on every request (session and token lookup) we skip that work.
 * `build` must use its arguments as the query's only parameters, in order.
 */
export function precompiled<Args extends unknown[], Row>(build: (ex: Executor, ...args: Args) => Compilable<Row>) {
  const cache = new WeakMap<Executor, CompiledQuery<Row>>();
  return async (ex: Executor, ...args: Args): Promise<Row[]> => {
    let compiled = cache.get(ex);
    if (!compiled) {
      compiled = build(ex, ...args).compile();
      if (compiled.parameters.length !== args.length) throw new Error('precompiled: parameters must match the arguments');
      cache.set(ex, compiled);
    }
    const result = await ex.executeQuery<Row>({ ...compiled, parameters: args });
    return result.rows;
  };
}
