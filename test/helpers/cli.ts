import { vi } from 'vitest';
import type { Output } from '../../src/cli/admin-commands.js';
import { main } from '../../src/main.js';
import type { TestApp } from './app.js';

/** Runs a CLI command function (as main.ts dispatches to) and returns what it printed. */
export async function printed(command: (out: Output) => Promise<unknown>): Promise<string> {
  let out = '';
  await command({ write: (text: string) => (out += text) });
  return out;
}

/** Runs `userhub ARGS` in-process against the test app's database, capturing what it prints. */
export async function runCli(t: TestApp, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  try {
    const database = t.config.database;
    const code = await main(args, {
      env: {
        USERHUB_DATA_DIR: t.dataDir,
        USERHUB_DATABASE_URL: database.kind === 'sqlite' ? `sqlite:${database.file}` : database.url,
        USERHUB_LOG_LEVEL: 'silent',
      },
    });
    return { code, out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
