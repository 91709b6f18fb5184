import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/** Runs one provider request with a memo of its own (see `oncePerRequest`). */
export function inRequestScope<T>(run: () => T): T {
  return scope.run(new Map(), run);
}

/**
 * `load()` once per provider request: the library reads the app as the client and our
 * admission reads it again, in one request. Outside a request, every call loads.
 */
export function oncePerRequest<T>(key: string, load: () => Promise<T>): Promise<T> {
  const memo = scope.getStore();
  if (!memo) return load();
  let pending = memo.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = load();
    memo.set(key, pending);
  }
  return pending;
}
