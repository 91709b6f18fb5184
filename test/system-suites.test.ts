import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYSTEM_FILES, SYSTEM_SUFFIX, TEST_ROOT, apiSuites, binariesNeededBy, leftToTestAll } from './helpers/system.js';

/**
 * `npm test` runs with Node alone: every suite that reaches a Debian binary (or the font) through
 * its imports is a *.system.test.ts, which vitest.config.ts leaves to `npm run test:all`.
 */
const relative = (file: string) => path.relative(TEST_ROOT, file);

describe('the suites npm test leaves to test:all', () => {
  it('are exactly those whose imports reach slapd, ldapadd, nginx, oathtool, chromium or the font', () => {
    const suites = apiSuites();
    const misnamed = suites.filter(({ file, binaries }) => (binaries.length > 0) !== file.endsWith(SYSTEM_SUFFIX));
    expect(misnamed.map(({ file, binaries }) => `${relative(file)}: ${binaries.join(', ') || 'needs nothing'}`)).toEqual([]);
    expect(suites.filter(({ file }) => file.endsWith(SYSTEM_SUFFIX)).length).toBeGreaterThan(0);
  });

  it('see every use: no test file spells a binary path itself (they come from SYSTEM_FILES)', () => {
    const files = fs.readdirSync(TEST_ROOT, { recursive: true, encoding: 'utf8' }).filter((name) => /\.(ts|mjs)$/.test(name));
    const spelled = files.flatMap((name) => {
      if (name === path.join('helpers', 'system.ts')) return [];
      const source = fs.readFileSync(path.join(TEST_ROOT, name), 'utf8');
      return Object.values(SYSTEM_FILES)
        .filter((binary) => source.includes(binary))
        .map((binary) => `${name}: ${binary}`);
    });
    expect(spelled).toEqual([]);
  });

  it('find a binary through helpers: the browser harness needs chromium, the directory helpers slapd', () => {
    expect([...binariesNeededBy(path.join(TEST_ROOT, 'e2e/harness.ts'))]).toContain('chromium');
    expect([...binariesNeededBy(path.join(TEST_ROOT, 'helpers/slapd.ts'))].sort()).toEqual(['ldapadd', 'slapd']);
    expect([...binariesNeededBy(path.join(TEST_ROOT, 'helpers/twofactor.ts'))]).toEqual([]);
  });

  it('are listed, each with what it needs, at the end of npm test', () => {
    const listing = leftToTestAll();
    for (const { file, binaries } of apiSuites().filter((suite) => suite.file.endsWith(SYSTEM_SUFFIX))) {
      const line = listing.split('\n').find((l) => l.includes(relative(file)));
      expect(line, relative(file)).toBeDefined();
      for (const binary of binaries) expect(line).toContain(SYSTEM_FILES[binary]);
    }
  });
});
