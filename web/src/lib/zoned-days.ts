/**
 * Calendar days in the user's chosen time zone (the profile's, not the browser's): a token that
 * expires "on the 10th" expires at the end of the 10th where the user said they live, which is
 * also the zone every date of the dashboard is shown in. No imports, so test/i18n runs it in Node.
 */

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const wallFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, zone: string, make: (zone: string) => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = cache.get(zone);
  if (!format) {
    try {
      format = make(zone);
    } catch {
      // a zone this browser lacks: UTC rather than an exception in a form
      format = make('UTC');
    }
    cache.set(zone, format);
  }
  return format;
}

/** yyyy-mm-dd of `date` in `zone` (en-CA writes dates that way). */
export function dayIn(date: Date, zone: string): string {
  return cached(dayFormats, zone, (timeZone) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).format(date);
}

/** The day `days` days after today, in `zone`. */
export function daysFromToday(days: number, zone: string, now: Date = new Date()): string {
  const [year, month, day] = dayIn(now, zone).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** How far `zone`'s wall clock is ahead of UTC at `instant`, in ms. */
function offsetMs(instant: number, zone: string): number {
  const format = cached(wallFormats, zone, (timeZone) =>
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }),
  );
  const parts = format.formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant `day` (yyyy-mm-dd) ends in `zone` (23:59:59 there); null when `day` is not a date. */
export function endOfDayIn(day: string, zone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const wall = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
  if (Number.isNaN(wall)) return null;
  // the offset at a first guess, then at the instant it gives (a change of summer time between)
  const guess = wall - offsetMs(wall, zone);
  return new Date(wall - offsetMs(guess, zone));
}
