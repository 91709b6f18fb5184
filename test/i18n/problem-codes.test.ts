import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/features/users/rules.js';
import { PROBLEM_CATALOGUE, PROBLEM_CODES } from '../../src/problem-catalogue.js';
import { titleFor } from '../../src/http/problem.js';
import { FIELD_ERROR_CODES } from '../../src/http/field-errors.js';
import { DASHBOARD_FIELD_ERRORS, DASHBOARD_PROBLEMS } from '../../web/src/lib/dashboard-problems.js';

/**
 * The problem catalogue against the dashboard: every code the server can send is translated in
 * every language, and the dashboard translates no code the server never sends (besides the few
 * it makes up itself, DASHBOARD_PROBLEMS).
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const problemKeys = (language: string) =>
  Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, 'web/src/i18n/locales', `${language}.json`), 'utf8')) as { problems: object }).problems);
const serverCodes = [...PROBLEM_CODES.keys()] as string[];
const fieldErrorKeys = (language: string) =>
  Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, 'web/src/i18n/locales', `${language}.json`), 'utf8')) as { fieldErrors: object }).fieldErrors);

describe('problem catalogue', () => {
  it('given every errors.ts, then each code has exactly one owner', () => {
    const owners = new Map<string, string[]>();
    for (const [owner, declarations] of Object.entries(PROBLEM_CATALOGUE)) {
      for (const code of Object.keys(declarations)) owners.set(code, [...(owners.get(code) ?? []), owner]);
    }
    expect([...owners].filter(([, list]) => list.length > 1)).toEqual([]);
  });

  it('given every code, then it is snake_case with error statuses that have a title', () => {
    for (const [code, { statuses }] of PROBLEM_CODES) {
      expect(code).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(statuses.length, code).toBeGreaterThan(0);
      for (const status of statuses) expect(titleFor(status), `${code} ${status}`).not.toMatch(/^(Error|Server Error)$/);
    }
  });

  it('given every declared code, then some source file outside the catalogue sends it', () => {
    const sources = fs
      .readdirSync(path.join(ROOT, 'src'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && entry.name !== 'errors.ts' && entry.name !== 'problem-catalogue.ts')
      .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
      .join('\n');
    expect(serverCodes.filter((code) => !sources.includes(`'${code}'`))).toEqual([]);
  });

  it('given the dashboard-only keys, then none is a server code and each is used by the dashboard code', () => {
    expect(DASHBOARD_PROBLEMS.filter((key) => PROBLEM_CODES.has(key as never))).toEqual([]);
    const sources = ['web/src/lib/problem.ts', 'web/src/api/client.ts'].map((file) => fs.readFileSync(path.join(ROOT, file), 'utf8')).join('\n');
    expect(DASHBOARD_PROBLEMS.filter((key) => !sources.includes(`'${key}'`) && !sources.includes(`problems.${key}'`))).toEqual([]);
  });

  for (const language of LANGUAGES) {
    it(`given ${language}, then it translates every code the server sends and no code it never sends`, () => {
      const keys = new Set(problemKeys(language));
      const untranslated = serverCodes.filter((code) => !keys.has(code));
      const neverSent = [...keys].filter((key) => !PROBLEM_CODES.has(key as never) && !(DASHBOARD_PROBLEMS as readonly string[]).includes(key));
      expect({ untranslated, neverSent }).toEqual({ untranslated: [], neverSent: [] });
    });
  }
});

describe('field error codes', () => {
  it('given the schema codes, then none is also a problem code (an entry code says which it is)', () => {
    expect(FIELD_ERROR_CODES.filter((code) => PROBLEM_CODES.has(code as never))).toEqual([]);
  });

  for (const language of LANGUAGES) {
    it(`given ${language}, then fieldErrors translates every schema code and the dashboard's own, and nothing else`, () => {
      expect(fieldErrorKeys(language).sort()).toEqual([...FIELD_ERROR_CODES, ...DASHBOARD_FIELD_ERRORS].sort());
    });
  }
});
