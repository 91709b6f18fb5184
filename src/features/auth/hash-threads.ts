import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { Algorithm } from '@node-rs/argon2';

/** OWASP's argon2id parameters, for every hash and verify of the app. */
export const ARGON2_PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** What a hashing thread answers: the value, and how long the work itself took there. */
export interface HashAnswer<T> {
  value: T;
  ms: number;
  /** when the work started and ended on the thread (ms since the epoch, comparable across threads) */
  startedAt: number;
  endedAt: number;
}

type Job = { kind: 'hash'; password: string } | { kind: 'verify'; stored: string | null; password: string };

interface Outstanding {
  resolve(answer: HashAnswer<unknown>): void;
  reject(error: Error): void;
}

interface HashThread {
  worker: Worker;
  outstanding: Map<number, Outstanding>;
}

/**
 * The thread's whole program, in CommonJS: @node-rs/argon2's synchronous calls, one job after
 * the other in the order they were posted. A verify against no stored hash (an unknown user)
 * runs against a dummy hash, so that it costs what a real one does; the thread makes the dummy as
 * it starts, before its first job of any kind, so no unknown user's answer pays for it. A
 * malformed stored hash verifies as false. Given as source (eval) so that it runs the same from src/ under the
 * tests and from dist/.
 */
const threadSource = (argon2Path: string) => `
const { parentPort } = require('node:worker_threads');
const { hashSync, verifySync } = require(${JSON.stringify(argon2Path)});
const PARAMS = ${JSON.stringify(ARGON2_PARAMS)};
const dummy = hashSync('userhub-dummy-password-for-timing', PARAMS);
parentPort.on('message', ({ id, job }) => {
  const startedAt = performance.timeOrigin + performance.now();
  let answer;
  try {
    let value;
    if (job.kind === 'hash') value = hashSync(job.password, PARAMS);
    else {
      const stored = job.stored ?? dummy;
      try {
        value = verifySync(stored, job.password);
      } catch {
        value = false;
      }
    }
    answer = { id, ok: true, value };
  } catch (error) {
    answer = { id, ok: false, error: String(error && error.message || error) };
  }
  const endedAt = performance.timeOrigin + performance.now();
  parentPort.postMessage({ ...answer, ms: endedAt - startedAt, startedAt, endedAt });
});
`;

/**
 * `count` threads of their own (worker_threads) that do the app's argon2 work, started at the
 * first job. Each thread takes its jobs from its own queue, so that it goes from one job to the
 * next without waiting for the event loop: on libuv's pool the next verify could only start after
 * the loop, busy with requests, had taken the last one's answer (a login storm kept the hashing
 * thread 68 % busy that way; bench/README.md). A job goes to the thread with the fewest jobs; how
 * many are given at once is the hash pool's business (hash-pool.ts). A thread holds the process
 * open only while it has jobs, and `close` ends them all.
 */
export class HashThreads {
  private readonly threads: HashThread[] = [];
  private nextId = 0;
  private closed = false;
  private readonly source = threadSource(createRequire(import.meta.url).resolve('@node-rs/argon2'));

  constructor(private readonly count: number) {}

  hash(password: string): Promise<HashAnswer<string>> {
    return this.post({ kind: 'hash', password }) as Promise<HashAnswer<string>>;
  }

  /** `stored` null: against the dummy hash (false, in the time a real verify takes). */
  verify(stored: string | null, password: string): Promise<HashAnswer<boolean>> {
    return this.post({ kind: 'verify', stored, password }) as Promise<HashAnswer<boolean>>;
  }

  /** Ends every thread; their unanswered jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  private post(job: Job): Promise<HashAnswer<unknown>> {
    if (this.closed) return Promise.reject(new Error('the hashing threads are closed'));
    const thread = this.leastBusy();
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      thread.outstanding.set(id, { resolve, reject });
      thread.worker.ref();
      thread.worker.postMessage({ id, job });
    });
  }

  private leastBusy(): HashThread {
    if (this.threads.length < this.count) {
      const idle = this.threads.find((thread) => thread.outstanding.size === 0);
      return idle ?? this.start();
    }
    return this.threads.reduce((best, thread) => (thread.outstanding.size < best.outstanding.size ? thread : best));
  }

  private start(): HashThread {
    const thread: HashThread = { worker: new Worker(this.source, { eval: true, name: 'userhub-hash' }), outstanding: new Map() };
    thread.worker.unref();
    thread.worker.on('message', (message: { id: number; ok: boolean; value?: unknown; error?: string; ms: number; startedAt: number; endedAt: number }) => {
      const waiting = thread.outstanding.get(message.id);
      thread.outstanding.delete(message.id);
      if (thread.outstanding.size === 0) thread.worker.unref();
      if (!waiting) return;
      if (message.ok) waiting.resolve({ value: message.value, ms: message.ms, startedAt: message.startedAt, endedAt: message.endedAt });
      else waiting.reject(new Error(message.error));
    });
    // a thread that fails or ends fails its jobs; the next job starts a new one
    const lost = (error: Error) => {
      const at = this.threads.indexOf(thread);
      if (at >= 0) this.threads.splice(at, 1);
      for (const waiting of thread.outstanding.values()) waiting.reject(error);
      thread.outstanding.clear();
    };
    thread.worker.on('error', lost);
    thread.worker.on('exit', (code) => lost(new Error(`a hashing thread ended (exit code ${code})`)));
    this.threads.push(thread);
    return thread;
  }
}
