// from node:timers, not the global: a test's fake timers cannot stall the lookups
import { setImmediate } from 'node:timers';

interface Waiting<V, Context> {
  key: string;
  context: Context;
  resolve(value: V | undefined): void;
  reject(error: unknown): void;
}

/**
 * Loads by key in batches: at most `concurrency` loads run at once, and the keys asked for while
 * they run are loaded together by the next one (at most `maxBatch` keys each). An idle loader
 * starts its load at the end of the current turn of the event loop (setImmediate), so the
 * requests read from the sockets in that turn share it; a lone request waits for nothing else.
 * Under load many requests share one statement: on PostgreSQL a statement's round trip costs
 * both processes far more than its rows (bench/README.md measured 6.3 keys per statement with
 * two loads in flight and a load started at once, 9.1 with one load and the turn's requests
 * together, and server CPU per request fell with it). Every load starts after the keys it
 * serves were asked for.
 */
export class BatchedLoader<V, Context> {
  #waiting: Waiting<V, Context>[] = [];
  #running = 0;
  #scheduled = false;

  constructor(
    private readonly load: (keys: string[], context: Context) => Promise<Map<string, V>>,
    private readonly concurrency = 1,
    private readonly maxBatch = 100,
  ) {}

  /** `context` (e.g. the time a request started) is the first waiting caller's for its batch. */
  get(key: string, context: Context): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ key, context, resolve, reject });
      if (this.#running < this.concurrency && !this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.#running < this.concurrency && this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, this.maxBatch);
      this.#running++;
      this.load([...new Set(batch.map((w) => w.key))], batch[0].context)
        .then(
          (found) => {
            for (const w of batch) w.resolve(found.get(w.key));
          },
          (error: unknown) => {
            for (const w of batch) w.reject(error);
          },
        )
        .finally(() => {
          this.#running--;
          this.pump();
        });
    }
  }
}
