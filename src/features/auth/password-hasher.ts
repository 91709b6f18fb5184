import { Algorithm, hash, verify } from '@node-rs/argon2';
import type { HashPool } from './hash-pool.js';

/** OWASP's argon2id parameters; the work runs on libuv's thread pool, off the event loop. */
const PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Passwords are compared in their NFKC form, so the same text typed on any keyboard matches. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * Password hashing, the one way to it: every hash and verify waits for its turn in the app's
 * hash pool, so that they never take more than the pool's threads.
 */
export class PasswordHasher {
  private dummyHash: Promise<string> | null = null;

  constructor(private readonly pool: HashPool) {}

  /** @throws 503 hashing_busy while the hash pool is full */
  hash(password: string): Promise<string> {
    return this.pool.run(() => hash(normalizePassword(password), PARAMS));
  }

  /**
   * Verifies against the stored hash, or, when there is none (unknown user), against a dummy hash
   * so that both cases cost the same time and answer the same (the pool's wait included).
   * @throws 503 hashing_busy while the hash pool is full
   */
  async verify(storedHash: string | null, password: string): Promise<boolean> {
    const ok = await this.pool.run(async () => {
      // the dummy is made once, in the first unknown user's turn
      const target = storedHash ?? (await (this.dummyHash ??= hash('userhub-dummy-password-for-timing', PARAMS)));
      try {
        return await verify(target, normalizePassword(password));
      } catch {
        return false;
      }
    });
    return ok && storedHash !== null;
  }
}
