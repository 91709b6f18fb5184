import { useTranslation } from 'react-i18next';
import { useMe } from '../api/profile';
import { type DatePreferences, formatDate, formatDateTime, formatRelative } from './format';

/** Date formatters in the signed-in user's time zone, date format and language. */
export function useDates() {
  const me = useMe();
  const { i18n } = useTranslation();
  const prefs: DatePreferences = { timezone: me.timezone, dateFormat: me.dateFormat, language: i18n.language };
  return {
    prefs,
    date: (value: string) => formatDate(value, prefs),
    dateTime: (value: string) => formatDateTime(value, prefs),
    relative: (value: string) => formatRelative(value, i18n.language),
  };
}

/** A timestamp: date and time in the user's zone and format; `relative` shows "5 minutes ago" with the full date as tooltip. */
export function Time({ value, relative = false }: { value: string; relative?: boolean }) {
  const dates = useDates();
  const full = `${dates.dateTime(value)} (${dates.prefs.timezone})`;
  return (
    <time dateTime={value} title={full}>
      {relative ? dates.relative(value) : dates.dateTime(value)}
    </time>
  );
}

/** When a credential (token, app password) was last used, and from where; "never" before its first use. */
export function LastUsed({ at, ip }: { at: string | null; ip: string | null }) {
  const { t } = useTranslation();
  if (!at) return <>{t('tokens.never')}</>;
  return (
    <>
      <Time value={at} relative />
      {ip ? ` · ${ip}` : ''}
    </>
  );
}
