import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES, loadLocale } from '../helpers/locales.js';
import { LANGUAGES } from '../../src/features/users/rules.js';

/**
 * Every language the server accepts (LANGUAGES) must be complete in the dashboard: one locale
 * file each and no file for a language not registered, the same keys everywhere, the same
 * {{placeholders}} in each translation, no empty text, and every literal key the code asks for
 * present. A key added in one language and forgotten in another fails here.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCES = path.join(ROOT, 'web/src');

const load = loadLocale;
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const english = load('en');

describe('dashboard translations', () => {
  it('given the languages the server accepts, then there is exactly one locale file for each', () => {
    const files = fs.readdirSync(LOCALES).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
    expect(files).toEqual([...LANGUAGES].sort());
  });

  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    describe(language, () => {
      const translated = load(language);

      it(`given English, then every key exists in ${language} and ${language} has no key English lacks`, () => {
        const missing = [...english.keys()].filter((key) => !translated.has(key));
        const extra = [...translated.keys()].filter((key) => !english.has(key));
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      });

      it(`given each key, then ${language} uses the same {{placeholders}} as English`, () => {
        const mismatched = [...english].filter(([key, text]) => translated.has(key) && placeholders(text).join() !== placeholders(translated.get(key) ?? '').join());
        expect(mismatched.map(([key]) => key)).toEqual([]);
      });
    });
  }

  it('given every language, then no text is empty', () => {
    for (const language of LANGUAGES) {
      const empty = [...load(language)].filter(([, text]) => text.trim() === '').map(([key]) => `${language}:${key}`);
      expect(empty).toEqual([]);
    }
  });

  it('given the dashboard code, then every literal key it translates exists', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name)) files.push(full);
      }
    };
    walk(SOURCES);
    const used = new Set<string>();
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(match[1] as string);
    }
    expect(used.size).toBeGreaterThan(100);
    const unknown = [...used].filter((key) => !english.has(key));
    expect(unknown).toEqual([]);
  });
});
