import { defineConfig } from 'vitest/config';

/** Browser tests: the real server and Debian's Chromium, one file at a time (2-core machines). */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
    maxWorkers: 1,
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
});
