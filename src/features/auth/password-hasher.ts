import { Algorithm, hash, verify } from '@node-rs/argon2';

/** OWASP's argon2id parameters; the work runs on libuv's thread pool, off the event loop. */
const PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Passwords are compared in their NFKC form, so the same text typed on any keyboard matches. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

export async function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password), PARAMS);
}

let dummyHash: Promise<string> | null = null;

/**
 * Verifies against the stored hash, or, when there is none (unknown user), against a dummy hash
 * so that both cases cost the same time and answer the same.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  dummyHash ??= hash('userhub-dummy-password-for-timing', PARAMS);
  const target = storedHash ?? (await dummyHash);
  let ok = false;
  try {
    ok = await verify(target, normalizePassword(password));
  } catch {
    ok = false;
  }
  return ok && storedHash !== null;
}
