import sharp from 'sharp';
import { Problem } from '../../http/problem.js';
import { atLowPriority } from './thread-priority.js';

/** What one process may spend on images at a time: one job running, eight waiting. */
export const IMAGE_QUEUE_LIMITS = { concurrency: 1, maxWaiting: 8, retryAfterSeconds: 5 } as const;
/** Initials tiles (public, anonymous) may wait only while fewer than this are waiting. */
export const TILE_MAX_WAITING = 2;
/** A backstop for a job libvips works on longer than any image within the limits needs. */
export const IMAGE_JOB_TIMEOUT_SECONDS = 10;

export const mediaBusy = (retryAfterSeconds: number) =>
  new Problem(503, 'media_busy', `Image processing is busy. Try again in ${retryAfterSeconds} seconds.`, { retryAfter: retryAfterSeconds }, {
    'retry-after': String(retryAfterSeconds),
  });

/**
 * A bounded queue for CPU-heavy work: at most `concurrency` jobs at once, at most `maxWaiting`
 * waiting; beyond that, 503 media_busy at once instead of an ever longer wait.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limits: { concurrency: number; maxWaiting: number; retryAfterSeconds: number },
    /** runs each job (e.g. at a lower CPU priority) */
    private readonly runJob: <T>(job: () => Promise<T>) => Promise<T> = (job) => job(),
  ) {}

  /**
   * `maxWaiting` below the queue's own keeps room for others: public work (initials tiles) waits
   * only while the queue is nearly empty, so anonymous requests cannot crowd out uploads.
   * @throws 503 media_busy with Retry-After when the waiting list is full
   */
  async run<T>(job: () => Promise<T>, options: { maxWaiting?: number } = {}): Promise<T> {
    const maxWaiting = Math.min(options.maxWaiting ?? this.limits.maxWaiting, this.limits.maxWaiting);
    if (this.running < this.limits.concurrency) this.running++;
    else if (this.waiting.length < maxWaiting) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else throw mediaBusy(this.limits.retryAfterSeconds);
    try {
      return await this.runJob(job);
    } finally {
      // the slot passes straight to the next job, so `running` never drops below it
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}

/**
 * sharp and argon2 (password hashing) share libuv's thread pool: four threads per process.
 * Every sharp call of the process goes through this one queue, so images hold at most one of
 * them and sign-ins always find a thread; libvips itself runs one thread per job, at a lower
 * CPU priority, so that a sign-in is not slowed by a decode on the same core either. The queue
 * is per process because the thread pool is.
 */
sharp.concurrency(IMAGE_QUEUE_LIMITS.concurrency);
export const imageQueue = new WorkQueue(IMAGE_QUEUE_LIMITS, atLowPriority);
