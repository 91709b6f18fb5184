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
