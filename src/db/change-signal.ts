/**
 * Tells a cache of data that grants nothing (the instance settings) whether the database may
 * have changed since it read: a number that moves at every change, or null while the signal
 * cannot tell (then nothing may be served from the cache).
 */
export interface ChangeSignal {
  version(): number | null;
}

/** For a cache on one process only (tests, tools): never moves by itself. */
export const NO_OTHER_WRITERS: ChangeSignal = { version: () => 0 };
