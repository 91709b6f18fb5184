/**
 * Languages without i18next, the browser or the API types: which of ours a browser tag means,
 * and which way a language is written. No imports, so test/i18n runs it in Node as it is.
 */

/**
 * The language we speak for a browser tag (`navigator.languages`: `de-AT`, `pt-PT`, `ar-EG`), or
 * null: the tag itself in any case (`pt-br` → `pt-BR`), else the first of ours with the same
 * base language (`pt`, `pt-PT` → `pt-BR`; `ar-EG` → `ar`).
 */
export function matchLanguage<L extends string>(tag: string, languages: readonly L[]): L | null {
  const wanted = tag.trim().replace(/_/g, '-').toLowerCase();
  if (!wanted) return null;
  const exact = languages.find((language) => language.toLowerCase() === wanted);
  if (exact) return exact;
  const base = wanted.split('-')[0];
  return languages.find((language) => language.toLowerCase().split('-')[0] === base) ?? null;
}

/** Scripts written right to left, and languages whose usual script is (when a tag names no script). */
const RTL_SCRIPTS = new Set(['Adlm', 'Arab', 'Hebr', 'Mand', 'Mend', 'Nkoo', 'Rohg', 'Samr', 'Syrc', 'Thaa', 'Yezi']);
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);

type TextInfo = { direction?: string };
type LocaleWithTextInfo = Intl.Locale & { getTextInfo?: () => TextInfo; textInfo?: TextInfo };

/**
 * `rtl` for a language written right to left (Arabic, Hebrew, Persian, Urdu…), else `ltr`: the
 * tag's script when it names one, else the list above, else what `Intl.Locale` says (its
 * `getTextInfo()`, or the older `textInfo`, where the engine has them; ICU answers `ltr` for
 * locales it lacks, so the list comes first). The same rule as the server's (src/lib/languages.ts).
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
