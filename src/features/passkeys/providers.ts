import { createRequire } from 'node:module';

// a CommonJS module whose typings declare an ES default export: read it as what it is
const aaguids = createRequire(import.meta.url)('aaguids') as Readonly<Record<string, string>>;

const UNKNOWN_AAGUID = '00000000-0000-0000-0000-000000000000';

/**
 * The passkey provider an AAGUID stands for ("Google Password Manager", "Apple Passwords",
 * "YubiKey 5 Series" …), from the community list of the `aaguids` package; null when unknown
 * (or all zeros, which many authenticators send with `none` attestation).
 */
export function providerOf(aaguid: string): string | null {
  const key = aaguid.toLowerCase();
  if (key === UNKNOWN_AAGUID) return null;
  return Object.hasOwn(aaguids, key) ? (aaguids[key] ?? null) : null;
}

/** The name a new passkey gets when the user gives none. */
export function defaultPasskeyName(aaguid: string): string {
  return providerOf(aaguid) ?? 'Passkey';
}
