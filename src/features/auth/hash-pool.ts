import { Problem } from '../../http/problem.js';
import { WorkQueue } from '../../lib/work-queue.js';
import type { HashingLimits } from '../../config.js';

/** What a hash is taken to cost until one was timed: an argon2id verify on the 2 vCPU benchmark VM. */
const FIRST_ESTIMATE_MS = 30;

export const hashingBusy = (retryAfterSeconds: number) =>
  new Problem(503, 'hashing_busy', `Too many password checks at once. Try again in ${retryAfterSeconds} seconds.`, { retryAfter: retryAfterSeconds }, {
    'retry-after': String(retryAfterSeconds),
  });

/**
 * Every argon2 hash and verify of the app (password-hasher.ts) runs here: at most `threads` at
 * once (on libuv's threads, which bin/userhub.js sizes to fit), at most `queue` waiting in arrival
 * order; one more is refused at once with 503 hashing_busy and Retry-After, so that a login storm
 * meets a bounded wait instead of a latency that grows with it.
 */
export class HashPool {
  private readonly jobs: WorkQueue;
  private averageMs = FIRST_ESTIMATE_MS;

  constructor(private readonly limits: HashingLimits) {
    this.jobs = new WorkQueue({ concurrency: limits.threads, maxWaiting: limits.queue }, () => hashingBusy(this.retryAfterSeconds()));
  }

  /** @throws 503 hashing_busy with Retry-After when the queue is full */
  run<T>(job: () => Promise<T>): Promise<T> {
    return this.jobs.run(async () => {
      const started = performance.now();
      try {
        return await job();
      } finally {
        this.averageMs += (performance.now() - started - this.averageMs) / 8;
      }
    });
  }

  /** How long a full queue takes to drain at the timed rate, in whole seconds (at least 1). */
  retryAfterSeconds(): number {
    const { threads, queue } = this.limits;
    return Math.max(1, Math.ceil((((queue + threads) / threads) * this.averageMs) / 1000));
  }

  get load(): { running: number; waiting: number } {
    return this.jobs.load;
  }
}
