import { Problem } from '../../http/problem.js';
import { WorkQueue } from '../../lib/work-queue.js';
import type { HashingLimits } from '../../config.js';
import { type HashAnswer, HashThreads } from './hash-threads.js';

/** What a hash is taken to cost until one was timed: an argon2id verify on the 2 vCPU benchmark VM. */
const FIRST_ESTIMATE_MS = 30;
/**
 * Jobs handed to each hashing thread at once: the one it works on and the next, so that it never
 * waits for the event loop between two (hash-threads.ts).
 */
const HANDED_PER_THREAD = 2;

export const hashingBusy = (retryAfterSeconds: number) =>
  new Problem(503, 'hashing_busy', `Too many password checks at once. Try again in ${retryAfterSeconds} seconds.`, { retryAfter: retryAfterSeconds }, {
    'retry-after': String(retryAfterSeconds),
  });

/**
 * Every argon2 hash and verify of the app (password-hasher.ts) runs here, on `threads` hashing
 * threads of its own (HashThreads): so at most `threads` at once. At most `threads + queue` are
 * accepted: up to two per thread are handed to the threads, the rest wait here in arrival order;
 * one more is refused at once with 503 hashing_busy and Retry-After, so that a login storm meets
 * a bounded wait instead of a latency that grows with it.
 */
export class HashPool {
  private readonly jobs: WorkQueue;
  private averageMs = FIRST_ESTIMATE_MS;

  constructor(
    private readonly limits: HashingLimits,
    private readonly threads = new HashThreads(limits.threads),
  ) {
    const handed = limits.threads + Math.min(limits.queue, (HANDED_PER_THREAD - 1) * limits.threads);
    this.jobs = new WorkQueue({ concurrency: handed, maxWaiting: limits.threads + limits.queue - handed }, () => hashingBusy(this.retryAfterSeconds()));
  }

  /** @throws 503 hashing_busy with Retry-After when the queue is full */
  hash(password: string): Promise<string> {
    return this.run(() => this.timed(this.threads.hash(password)));
  }

  /** `stored` null: against a dummy hash, false in the time a real verify takes. @throws 503 hashing_busy */
  verify(stored: string | null, password: string): Promise<boolean> {
    return this.run(() => this.timed(this.threads.verify(stored, password)));
  }

  /** Runs `job` in its turn (the bounded queue); hash and verify are such jobs. @throws 503 hashing_busy */
  run<T>(job: () => Promise<T>): Promise<T> {
    return this.jobs.run(job);
  }

  /** How long a full queue takes to drain at the timed rate, in whole seconds (at least 1). */
  retryAfterSeconds(): number {
    const { threads, queue } = this.limits;
    return Math.max(1, Math.ceil((((queue + threads) / threads) * this.averageMs) / 1000));
  }

  /** `running`: handed to the hashing threads; `waiting`: in the queue here. */
  get load(): { running: number; waiting: number } {
    return this.jobs.load;
  }

  /** Ends the hashing threads (the app's onClose). */
  close(): Promise<void> {
    return this.threads.close();
  }

  private async timed<T>(answer: Promise<HashAnswer<T>>): Promise<T> {
    const { value, ms } = await answer;
    this.averageMs += (ms - this.averageMs) / 8;
    return value;
  }
}
