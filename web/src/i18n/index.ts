import i18n, { type FormatterModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from '../api/types';
import { formatNumber } from '../lib/numbers';
import { matchLanguage, textDirection } from './languages';

/**
 * Complete languages (test/i18n checks every key exists in each). Only the language in use is
 * downloaded: each locale file is its own small chunk. Before sign-in the language comes from
 * the browser (or the one picked on the sign-in page); once signed in, from the profile.
 * A language is one line here (docs/dashboard.md, "Languages", lists the other places).
 */
const loaders: Record<Language, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import('./locales/en.json'),
  de: () => import('./locales/de.json'),
  fr: () => import('./locales/fr.json'),
  es: () => import('./locales/es.json'),
  it: () => import('./locales/it.json'),
  'pt-BR': () => import('./locales/pt-BR.json'),
  nl: () => import('./locales/nl.json'),
  pl: () => import('./locales/pl.json'),
  ja: () => import('./locales/ja.json'),
  ar: () => import('./locales/ar.json'),
};

const STORAGE_KEY = 'userhub.language';

export const isLanguage = (value: unknown): value is Language => typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

function readStoredLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The remembered choice, else the first browser language we speak, else English. */
export function initialLanguage(): Language {
  const stored = readStoredLanguage();
  if (isLanguage(stored)) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const language = matchLanguage(tag, LANGUAGES);
    if (language) return language;
  }
  return 'en';
}

export async function setLanguage(language: Language): Promise<void> {
  if (!i18n.hasResourceBundle(language, 'translation')) {
    const resources = await loaders[language]();
    i18n.addResourceBundle(language, 'translation', resources.default, true, true);
  }
  if (i18n.language !== language) await i18n.changeLanguage(language);
  document.documentElement.lang = language;
  // Arabic (and any language written right to left) mirrors the layout: styles.css uses logical properties.
  document.documentElement.dir = textDirection(language);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // private mode: the profile still remembers it
  }
}

/**
 * Every number put into a text (`{{n}}`, `{{seconds}}`, `{{count}}`…) is written the language's
 * way (1,234 · 1.234 · 1 234); anything else is left as it is. It replaces i18next's own
 * formatter, whose `{{n, number}}` syntax the locale files do not use.
 */
const localeNumbers: FormatterModule = {
  type: 'formatter',
  init: () => undefined,
  add: () => undefined,
  addCached: () => undefined,
  format: (value: unknown, _format, lng) => (typeof value === 'number' && lng ? formatNumber(value, lng) : value) as string,
};

export async function initI18n(): Promise<void> {
  const language = initialLanguage();
  await i18n.use(initReactI18next).use(localeNumbers).init({
    lng: language,
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    resources: {},
    interpolation: { escapeValue: false, alwaysFormat: true },
    returnNull: false,
    react: { useSuspense: false },
  });
  await setLanguage(language);
}

export { i18n };
