import { describe, expect, it } from 'vitest';
import { dayIn, daysFromToday, endOfDayIn } from '../../web/src/lib/zoned-days.js';

/** The token form's days are the user's chosen zone's, not the browser's (issue 18 point 9). */
describe('calendar days in the user’s time zone', () => {
  it('given a day and a zone, then the day ends at 23:59:59 there, in summer and in winter', () => {
    expect(endOfDayIn('2026-12-10', 'UTC')?.toISOString()).toBe('2026-12-10T23:59:59.000Z');
    expect(endOfDayIn('2026-12-10', 'America/New_York')?.toISOString()).toBe('2026-12-11T04:59:59.000Z');
    expect(endOfDayIn('2026-07-10', 'America/New_York')?.toISOString()).toBe('2026-07-11T03:59:59.000Z');
    expect(endOfDayIn('2026-12-10', 'Asia/Tokyo')?.toISOString()).toBe('2026-12-10T14:59:59.000Z');
    expect(endOfDayIn('2026-12-10', 'Asia/Kolkata')?.toISOString()).toBe('2026-12-10T18:29:59.000Z');
  });

  it('given the days summer time starts and ends, then the end of day uses the offset of that evening', () => {
    // Europe/Berlin: +01:00 in winter, +02:00 from 2026-03-29 and until 2026-10-25
    expect(endOfDayIn('2026-03-29', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T21:59:59.000Z');
    expect(endOfDayIn('2026-10-25', 'Europe/Berlin')?.toISOString()).toBe('2026-10-25T22:59:59.000Z');
  });

  it('given an instant, then its day is the zone’s, and N days on crosses month and year ends', () => {
    const instant = new Date('2026-12-31T23:30:00Z');
    expect(dayIn(instant, 'UTC')).toBe('2026-12-31');
    expect(dayIn(instant, 'Asia/Tokyo')).toBe('2027-01-01');
    expect(dayIn(instant, 'America/Los_Angeles')).toBe('2026-12-31');
    expect(daysFromToday(1, 'UTC', instant)).toBe('2027-01-01');
    expect(daysFromToday(30, 'Asia/Tokyo', instant)).toBe('2027-01-31');
    expect(daysFromToday(7, 'America/Los_Angeles', new Date('2026-02-25T12:00:00Z'))).toBe('2026-03-04');
  });

  it('given no date or an unknown zone, then null or UTC, never an exception', () => {
    expect(endOfDayIn('', 'UTC')).toBeNull();
    expect(endOfDayIn('10/12/2026', 'UTC')).toBeNull();
    expect(endOfDayIn('2026-12-10', 'Mars/Olympus_Mons')?.toISOString()).toBe('2026-12-10T23:59:59.000Z');
    expect(dayIn(new Date('2026-12-10T12:00:00Z'), 'Mars/Olympus_Mons')).toBe('2026-12-10');
  });
});
