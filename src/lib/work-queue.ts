/**
 * A bounded queue for CPU-heavy work: at most `concurrency` jobs at once, at most `maxWaiting`
 * waiting, in arrival order; beyond that, `busy()` is thrown at once (a 503 with Retry-After)
 * instead of an ever longer wait.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limits: { concurrency: number; maxWaiting: number },
    /** the error of a refused job */
    private readonly busy: () => Error,
    /** runs each job (e.g. at a lower CPU priority) */
    private readonly runJob: <T>(job: () => Promise<T>) => Promise<T> = (job) => job(),
  ) {}

  /**
   * `maxWaiting` below the queue's own keeps room for others: public work (initials tiles) waits
   * only while the queue is nearly empty, so anonymous requests cannot crowd out uploads.
   * @throws `busy()` when the waiting list is full
   */
  async run<T>(job: () => Promise<T>, options: { maxWaiting?: number } = {}): Promise<T> {
    const maxWaiting = Math.min(options.maxWaiting ?? this.limits.maxWaiting, this.limits.maxWaiting);
    if (this.running < this.limits.concurrency) this.running++;
    else if (this.waiting.length < maxWaiting) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else throw this.busy();
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
