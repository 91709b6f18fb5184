import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main.js';

/**
 * SQLite only (PostgreSQL has no such lock): the CLI writes while another connection, in a
 * worker thread standing for the server process, commits write transactions back to back.
 */
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'userhub-cli-race-'));
  env = { USERHUB_DATA_DIR: dataDir, USERHUB_DATABASE_URL: `sqlite:${dataDir}/userhub.db`, USERHUB_LOG_LEVEL: 'silent' };
  expect(await quiet(() => main(['migrate'], { env, readStdin: () => '' }))).toBe(0);
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function quiet<T>(run: () => Promise<T>): Promise<T> {
  let err = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const errs = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  let result: T;
  try {
    result = await run();
  } finally {
    out.mockRestore();
    errs.mockRestore();
  }
  if (err.includes('locked')) throw new Error(`the CLI failed: ${err}`);
  return result;
}

describe('the CLI beside a writing server (SQLite)', () => {
  it('given a server committing writes back to back, when the CLI creates, disables and deletes users, then no command fails with "database is locked"', async () => {
    const writer = new Worker(new URL('../helpers/sqlite-writer.mjs', import.meta.url), { workerData: { file: `${dataDir}/userhub.db` } });
    const failures: string[] = [];
    try {
      for (let i = 0; i < 15; i++) {
        const name = `cliuser${i}`;
        for (const args of [
          ['user', 'create', '--username', name, '--email', `${name}@example.com`],
          ['user', 'disable', name],
          ['user', 'delete', name],
        ]) {
          const code = await quiet(() => main(args, { env, readStdin: () => 'a strong password for the cli 9\n' }));
          if (code !== 0) failures.push(args.join(' '));
        }
      }
    } finally {
      writer.postMessage('stop');
    }
    const writes = await new Promise<number>((resolve) => writer.once('message', resolve));
    await writer.terminate();
    expect(writes).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });
});
