import type { HashPool } from './hash-pool.js';

/** Passwords are compared in their NFKC form, so the same text typed on any keyboard matches. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * Password hashing, the one way to it: every hash and verify waits for its turn in the app's
 * hash pool and runs on its hashing threads (argon2id, hash-threads.ts).
 */
export class PasswordHasher {
  constructor(private readonly pool: HashPool) {}

  /** @throws 503 hashing_busy while the hash pool is full */
  hash(password: string): Promise<string> {
    return this.pool.hash(normalizePassword(password));
  }

  /**
   * Verifies against the stored hash, or, when there is none (unknown user), against a dummy hash
   * so that both cases cost the same time and answer the same (the pool's wait included).
   * @throws 503 hashing_busy while the hash pool is full
   */
  async verify(storedHash: string | null, password: string): Promise<boolean> {
    const ok = await this.pool.verify(storedHash, normalizePassword(password));
    return ok && storedHash !== null;
  }
}
