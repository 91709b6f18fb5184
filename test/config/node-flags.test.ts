import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const nodeFlags = createRequire(import.meta.url)('../../bin/node-flags.js') as string[];
const NEW_SPACE = "process.stdout.write(String(require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size))";

describe("the server's V8 flags (bin/node-flags.js)", () => {
  it('given bin/userhub.js run as a program (userhub serve), then its shebang passes exactly these flags', () => {
    const shebang = readFileSync(new URL('../../bin/userhub.js', import.meta.url), 'utf8').split('\n')[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${nodeFlags.join(' ')}`);
  });

  it('given this Node, then it takes the flags and the young generation starts at its fixed size, 16 MiB a semi-space', () => {
    const run = spawnSync(process.execPath, [...nodeFlags, '-e', NEW_SPACE], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(Number(run.stdout)).toBe(16 * 1024 * 1024);
    const without = spawnSync(process.execPath, ['-e', NEW_SPACE], { encoding: 'utf8' });
    expect(Number(without.stdout)).toBeLessThan(16 * 1024 * 1024);
  });
});
