import { execFileSync } from 'node:child_process';
import type { TestApp } from './app.js';
import { SYSTEM_FILES } from './system.js';

/** Debian's oathtool: an RFC 6238 implementation that is neither the server's nor ours. */
export const OATHTOOL = SYSTEM_FILES.oathtool;

/** Runs `oathtool args…` and returns what it prints, trimmed. */
export function runOathtool(args: string[]): string {
  return execFileSync(OATHTOOL, args, { encoding: 'utf8' }).trim();
}

/**
 * The code Debian's real `oathtool --totp -b SECRET` prints for the app's clock (plus `offsetSteps`
 * 30 s steps), so the server is checked against an independent RFC 6238 implementation.
 */
export function oathtool(t: TestApp, secret: string, offsetSteps = 0): string {
  const seconds = Math.floor(t.clock.now().getTime() / 1000) + offsetSteps * 30;
  return runOathtool(['--totp', '-b', secret, '--now', `@${seconds}`]);
}
