import { defineConfig } from 'vitest/config';
import { SYSTEM_SUFFIX, leftToTestAll } from './test/helpers/system.js';

/**
 * `npm test`: the API suite with Node alone. Suites that need a Debian binary (slapd, nginx,
 * oathtool) are named *.system.test.ts and left to `npm run test:all` (USERHUB_TEST_SYSTEM=1),
 * which installs the packages; the run ends by listing them and the binary each needs.
 */
const withSystem = process.env.USERHUB_TEST_SYSTEM === '1';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', ...(withSystem ? [] : [`test/**/*${SYSTEM_SUFFIX}`])],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: [
      'default',
      {
        onTestRunEnd() {
          if (!withSystem) process.stdout.write(`\n${leftToTestAll()}\n`);
        },
      },
    ],
  },
});
