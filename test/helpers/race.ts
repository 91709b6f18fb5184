/**
 * Races: each check-then-act is raced this many times (on PostgreSQL the requests really run
 * at once, on a pool of connections), with time for slow machines rather than fewer tries.
 */
export const RACE_TRIES = 25;
export const RACE_TIMEOUT_MS = 240_000;
