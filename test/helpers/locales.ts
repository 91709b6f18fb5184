import fs from 'node:fs';
import path from 'node:path';

/** The dashboard's translation files (web/src/i18n/locales), as the i18n tests read them. */
export const LOCALES = path.resolve(import.meta.dirname, '../../web/src/i18n/locales');

type Tree = { [key: string]: string | Tree };

/** A nested translation tree as `dotted.key → text`. */
export function flattenLocale(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flattenLocale(value, full)) out.set(k, v);
  }
  return out;
}

/** One language's dashboard texts, flattened. */
export const loadLocale = (language: string): Map<string, string> =>
  flattenLocale(JSON.parse(fs.readFileSync(path.join(LOCALES, `${language}.json`), 'utf8')) as Tree);
