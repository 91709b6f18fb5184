/**
 * The languages of the dashboard and of every mail: BCP 47 tags, as stored in `users.language`
 * and accepted by the API; the dashboard takes this list as it is. A language is one line here
 * (docs/dashboard.md, "Languages", lists the other places: its locale file and loader, the
 * picker's name, the mail catalogue…).
 */
export const LANGUAGES = [
  'en',
  'de',
  'fr',
  'es',
  'it',
  'pt-BR',
  'nl',
  'pl',
  'ja',
  'ar',
] as const;
export type Language = (typeof LANGUAGES)[number];

/** Scripts written right to left, and languages whose usual script is (when a tag names no script). */
const RTL_SCRIPTS = new Set(['Adlm', 'Arab', 'Hebr', 'Mand', 'Mend', 'Nkoo', 'Rohg', 'Samr', 'Syrc', 'Thaa', 'Yezi']);
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);

type TextInfo = { direction?: string };
type LocaleWithTextInfo = Intl.Locale & { getTextInfo?: () => TextInfo; textInfo?: TextInfo };

/**
 * `rtl` for a language written right to left (Arabic, Hebrew, Persian, Urdu…), else `ltr`: the
 * tag's script when it names one, else the list above, else what `Intl.Locale` says (its
 * `getTextInfo()`, or the older `textInfo`; ICU answers `ltr` for locales it lacks data for, so
 * the list comes first). The dashboard uses this one too (web/src/i18n/languages.ts re-exports it).
 */
export function textDirection(language: string): 'ltr' | 'rtl' {
  let locale: LocaleWithTextInfo;
  try {
    locale = new Intl.Locale(language);
  } catch {
    return 'ltr';
  }
  if (locale.script) return RTL_SCRIPTS.has(locale.script) ? 'rtl' : 'ltr';
  if (RTL_LANGUAGES.has(locale.language)) return 'rtl';
  const info = typeof locale.getTextInfo === 'function' ? locale.getTextInfo() : locale.textInfo;
  return info?.direction === 'rtl' ? 'rtl' : 'ltr';
}
