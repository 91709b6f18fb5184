/**
 * A value now, or a promise of it later. The per-request hot path (a cached session, token or
 * profile view) answers synchronously so that it costs no promise and no microtask; a miss
 * falls back to the database and returns a promise. Callers that may `await` can simply await
 * either; callers on the hot path use `andThen` below.
 */
export type MaybePromise<T> = T | Promise<T>;

/** `next(value)` now when `value` is ready, or once it resolves. Synchronous throws propagate. */
export function andThen<T, R>(value: MaybePromise<T>, next: (ready: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
