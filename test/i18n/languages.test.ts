import { describe, expect, it } from 'vitest';
import { LANGUAGES, textDirection } from '../../src/lib/languages.js';
import { matchLanguage, textDirection as dashboardDirection } from '../../web/src/i18n/languages.js';

/** The ten languages of issue 18, whichever of them this build registers. */
const TEN = ['en', 'de', 'fr', 'es', 'it', 'pt-BR', 'nl', 'pl', 'ja', 'ar'] as const;

describe('languages', () => {
  it('given each registered language, then it is a canonical BCP 47 tag', () => {
    for (const language of LANGUAGES) expect(Intl.getCanonicalLocales(language)).toEqual([language]);
  });

  it.each([
    ['pt', 'pt-BR'],
    ['pt-BR', 'pt-BR'],
    ['pt-br', 'pt-BR'],
    ['pt_BR', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['ar-EG', 'ar'],
    ['ar', 'ar'],
    ['ja-JP', 'ja'],
    ['nl-BE', 'nl'],
    ['it-CH', 'it'],
    ['pl-PL', 'pl'],
    ['de-AT', 'de'],
    ['en-GB', 'en'],
    ['fr-CA', 'fr'],
    ['es-419', 'es'],
    ['zh-CN', null],
    ['', null],
  ])('given the browser tag "%s" and the ten languages, then it picks %s', (tag, expected) => {
    expect(matchLanguage(tag, TEN)).toBe(expected);
  });

  it('given the languages this build registers, then a browser tag picks the registered spelling', () => {
    const registered: readonly string[] = LANGUAGES;
    expect(matchLanguage('pt-PT', registered)).toBe(registered.includes('pt-BR') ? 'pt-BR' : null);
    expect(matchLanguage('DE-de', registered)).toBe('de');
    for (const language of registered) expect(matchLanguage(language.toLowerCase(), registered)).toBe(language);
  });

  it.each([
    ['ar', 'rtl'],
    ['ar-EG', 'rtl'],
    ['he', 'rtl'],
    ['fa-IR', 'rtl'],
    ['ur', 'rtl'],
    ['dv', 'rtl'],
    ['az-Arab', 'rtl'],
    ['en', 'ltr'],
    ['pt-BR', 'ltr'],
    ['ja', 'ltr'],
    ['pl', 'ltr'],
    ['ku-Latn', 'ltr'],
    ['not a tag', 'ltr'],
  ] as const)('given %s, then it is written %s on the server and in the dashboard', (language, direction) => {
    expect(textDirection(language)).toBe(direction);
    expect(dashboardDirection(language)).toBe(direction);
  });

  it('given the ten languages, then only Arabic is written right to left', () => {
    expect(TEN.filter((language) => textDirection(language) === 'rtl')).toEqual(['ar']);
  });
});
