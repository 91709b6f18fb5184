import type { Output } from '../../src/cli/admin-commands.js';

/** Runs a CLI command function (as main.ts dispatches to) and returns what it printed. */
export async function printed(command: (out: Output) => Promise<unknown>): Promise<string> {
  let out = '';
  await command({ write: (text: string) => (out += text) });
  return out;
}
