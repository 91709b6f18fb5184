/** The source of "now". Tests pass a clock they can move; everything else uses systemClock. */
export interface Clock {
  now(): Date;
  /** the same instant in epoch milliseconds (no Date allocated: the per-request checks use it) */
  nowMs(): number;
}

export const systemClock: Clock = { now: () => new Date(), nowMs: () => Date.now() };

export function iso(date: Date): string {
  return date.toISOString();
}

export function addMs(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms);
}

let memoMs = Number.NaN;
let memoIso = '';

/** `iso(clock.now())`, one string per millisecond: the lookups ask for it on every request. */
export function isoNow(clock: Clock): string {
  const ms = clock.nowMs();
  if (ms !== memoMs) {
    memoIso = new Date(ms).toISOString();
    memoMs = ms;
  }
  return memoIso;
}
