import type { DateFormat } from '../api/types';
import { localDigits } from './numbers';

export interface DatePreferences {
  timezone: string;
  dateFormat: DateFormat;
  language: string;
}

/** A zone the browser knows, else UTC (never throws on a zone this browser lacks). */
function safeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

function dateParts(date: Date, zone: string): { year: string; month: string; day: string } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: safeZone(zone), year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return { year: get('year'), month: get('month'), day: get('day') };
}

/**
 * The calendar date in the user's zone, laid out in the user's chosen format (the order and the
 * separators stay as chosen in every language), in the language's digits (Arabic: ٢٠٢٦-٠٣-٠١).
 */
export function formatDate(value: string | Date, prefs: DatePreferences): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  const { year, month, day } = dateParts(date, prefs.timezone);
  return localDigits(layout(year, month, day, prefs.dateFormat), prefs.language);
}

function layout(year: string, month: string, day: string, format: DateFormat): string {
  switch (format) {
    case 'DD/MM/YYYY':
      return `${day}/${month}/${year}`;
    case 'MM/DD/YYYY':
      return `${month}/${day}/${year}`;
    case 'DD.MM.YYYY':
      return `${day}.${month}.${year}`;
    default:
      return `${year}-${month}-${day}`;
  }
}

/** Hours and minutes in the user's zone, in the clock style of the user's language. */
export function formatTime(value: string | Date, prefs: DatePreferences): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(prefs.language, { timeZone: safeZone(prefs.timezone), hour: '2-digit', minute: '2-digit' }).format(date);
}

export function formatDateTime(value: string | Date, prefs: DatePreferences): string {
  const date = formatDate(value, prefs);
  return date ? `${date} ${formatTime(value, prefs)}` : '';
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 minutes ago", "in 2 days", "now" — in the user's language. */
export function formatRelative(value: string | Date, language: string, now: Date = new Date()): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, 'second');
}

/** Every IANA zone this browser knows (the server accepts any of them). */
export function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/**
 * The zone the user means: the list's own spelling for any case and with spaces for underscores
 * ("europe/berlin", "America/New York" → "America/New_York"); null when there is none.
 */
export function matchTimeZone(zones: readonly string[], input: string): string | null {
  const wanted = input.trim().replace(/ +/g, '_').toLowerCase();
  if (wanted === '') return null;
  return zones.find((zone) => zone.toLowerCase() === wanted) ?? null;
}

/** The browser's own zone, offered as a one-click choice. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
