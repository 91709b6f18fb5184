import { readablePassword, sha256Hex } from '../../lib/secrets.js';

export const RECOVERY_CODE_COUNT = 10;
const GROUPS = 4;
const GROUP_SIZE = 4;
const ALPHABET = /^[abcdefghijkmnpqrstuvwxyz23456789]+$/;

/**
 * A set of single-use recovery codes like `k3np-7wqa-2xhd-m9fr`: 16 characters from a
 * 32-letter unambiguous alphabet, 80 random bits each. That much entropy makes a plain SHA-256
 * a safe way to store them (nothing to brute-force), so checking one costs no argon2 time.
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => readablePassword(GROUPS, GROUP_SIZE));
}

/** Case, dashes and spaces do not matter; null when it cannot be a recovery code at all. */
export function normalizeRecoveryCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]+/g, '');
  return compact.length === GROUPS * GROUP_SIZE && ALPHABET.test(compact) ? compact : null;
}

/** What is stored: the SHA-256 of the normalized code. */
export function hashRecoveryCode(normalized: string): string {
  return sha256Hex(`recovery-code:${normalized}`);
}
