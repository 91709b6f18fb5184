import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main.js';
import { createTestDatabase } from '../helpers/database.js';

let dataDir: string;
let env: Record<string, string>;
let dropDb: () => Promise<void>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'userhub-cli-'));
  const database = await createTestDatabase(dataDir);
  dropDb = database.drop;
  env = { USERHUB_DATA_DIR: dataDir, USERHUB_DATABASE_URL: database.url, USERHUB_LOG_LEVEL: 'silent' };
});
afterAll(async () => {
  await dropDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

/** Runs the CLI in-process, capturing what it prints. */
async function cli(args: string[], stdin = '', extraEnv: Record<string, string> = {}) {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  const code = await main(args, { env: { ...env, ...extraEnv }, readStdin: () => stdin });
  vi.restoreAllMocks();
  return { code, out, err };
}

describe('userhub CLI', () => {
  it('migrate brings the schema up to date, then says so', async () => {
    const first = await cli(['migrate']);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/applied: 0001_initial/);
    expect((await cli(['migrate'])).out).toBe('schema is up to date\n');
  });

  it('user create reads the password from stdin', async () => {
    const res = await cli(['user', 'create', '--username', 'piped', '--email', 'piped@example.com', '--display-name', 'Piped User'], 'a piped strong password 9\n');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^created piped \(/);
    expect(res.out).not.toContain('password:');
  });

  it('user create without stdin generates a password and prints it once; --admin makes an admin', async () => {
    const res = await cli(['user', 'create', '--username', 'boss', '--email', 'boss@example.com', '--admin']);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/password: [a-z0-9]+(-[a-z0-9]+){3}\n/);
    const list = await cli(['user', 'list']);
    expect(list.out).toContain('boss\tboss@example.com\tadmin');
    expect(list.out).toContain('piped\tpiped@example.com\tuser');
  });

  it('user create refuses bad input with a clear message and exit code 1', async () => {
    const missing = await cli(['user', 'create', '--username', 'x']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('needs --username and --email');
    const weak = await cli(['user', 'create', '--username', 'weak', '--email', 'weak@example.com'], 'password');
    expect(weak.code).toBe(1);
    expect(weak.err).toContain('password_too_common');
    const taken = await cli(['user', 'create', '--username', 'piped', '--email', 'other@example.com'], 'another strong password 1');
    expect(taken.err).toContain('username_taken');
  });

  it('user delete removes the user and frees the name', async () => {
    expect((await cli(['user', 'delete', 'piped'])).out).toBe('deleted piped\n');
    expect((await cli(['user', 'list'])).out).not.toContain('piped');
    expect((await cli(['user', 'delete', 'piped'])).err).toContain('no user named piped');
  });

  it('a bad configuration value stops with one line naming the variable', async () => {
    const res = await cli(['migrate'], '', { USERHUB_PORT: 'abc' });
    expect(res.code).toBe(1);
    expect(res.err).toBe('userhub: configuration error: USERHUB_PORT: must be an integer between 0 and 65535 (got "abc")\n');
  });

  it('unknown commands print the usage', async () => {
    const res = await cli(['frobnicate']);
    expect(res.code).toBe(1);
    expect(res.err).toContain('Usage: userhub');
  });
});
