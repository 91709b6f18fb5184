import { describe, expect, it } from 'vitest';
import { HashPool } from '../../src/features/auth/hash-pool.js';
import { type HashAnswer, HashThreads } from '../../src/features/auth/hash-threads.js';
import { PasswordHasher } from '../../src/features/auth/password-hasher.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A fake hash job that counts itself in flight until its gate opens. */
function counter() {
  const state = { inFlight: 0, most: 0, started: [] as number[] };
  const job = (id: number, until: Promise<void>, fail = false) => async () => {
    state.inFlight++;
    state.most = Math.max(state.most, state.inFlight);
    state.started.push(id);
    try {
      await until;
      if (fail) throw new Error(`job ${id} fails`);
      return id;
    } finally {
      state.inFlight--;
    }
  };
  return { state, job };
}

describe('HashPool', () => {
  it('given more jobs than the threads take, then at most two per thread are handed out at once, and every job finishes', async () => {
    const pool = new HashPool({ threads: 2, queue: 10 });
    const { state, job } = counter();
    const gates = Array.from({ length: 8 }, gate);
    const jobs = gates.map((g, i) => pool.run(job(i, g.opened)));
    await tick();
    expect(state.inFlight).toBe(4);
    expect(pool.load).toEqual({ running: 4, waiting: 4 });
    // open them out of order: a freed slot goes to the next waiting job, never a fifth at once
    for (const i of [1, 0, 5, 3, 2, 7, 4, 6]) {
      gates[i]!.open();
      await tick();
      expect(state.inFlight).toBeLessThanOrEqual(4);
    }
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(state.most).toBe(4);
    expect(pool.load).toEqual({ running: 0, waiting: 0 });
  });

  it('given a queue shorter than the threads, then no more than threads + queue are taken', async () => {
    const pool = new HashPool({ threads: 2, queue: 1 });
    const g = gate();
    const held = [0, 1, 2].map(() => pool.run(() => g.opened));
    expect(pool.load).toEqual({ running: 3, waiting: 0 });
    await expect(pool.run(async () => 'no room')).rejects.toMatchObject({ code: 'hashing_busy' });
    g.open();
    await Promise.all(held);
  });

  it('given a full queue, then the next job is refused at once with 503 hashing_busy and Retry-After, and never runs', async () => {
    const pool = new HashPool({ threads: 1, queue: 2 });
    const { state, job } = counter();
    const g = gate();
    const held = [0, 1, 2].map((i) => pool.run(job(i, g.opened)));
    let ranRefused = false;
    const refused = pool.run(async () => {
      ranRefused = true;
    });
    await expect(refused).rejects.toMatchObject({ status: 503, code: 'hashing_busy' });
    const problem = (await refused.catch((error: unknown) => error)) as { headers: Record<string, string>; extra: { retryAfter: number } };
    expect(problem.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(problem.extra.retryAfter).toBe(Number(problem.headers['retry-after']));
    expect(pool.load).toEqual({ running: 2, waiting: 1 });
    g.open();
    await Promise.all(held);
    expect(ranRefused).toBe(false);
    expect(state.started).toEqual([0, 1, 2]);
    await expect(pool.run(async () => 'room again')).resolves.toBe('room again');
  });

  it('given waiting jobs, then they start in arrival order (FIFO), whichever finishes first', async () => {
    const pool = new HashPool({ threads: 1, queue: 5 });
    const { state, job } = counter();
    const gates = Array.from({ length: 5 }, gate);
    const jobs = gates.map((g, i) => pool.run(job(i, g.opened)));
    for (const g of [...gates].reverse()) g.open();
    await Promise.all(jobs);
    expect(state.started).toEqual([0, 1, 2, 3, 4]);
  });

  it('given a job that fails, then its error reaches its caller and its slot is freed for the next', async () => {
    const pool = new HashPool({ threads: 1, queue: 0 });
    const { state, job } = counter();
    const g = gate();
    const failing = pool.run(job(0, g.opened, true));
    await expect(pool.run(async () => 'no room')).rejects.toMatchObject({ code: 'hashing_busy' });
    g.open();
    await expect(failing).rejects.toThrow('job 0 fails');
    expect(pool.load).toEqual({ running: 0, waiting: 0 });
    await expect(pool.run(job(1, Promise.resolve()))).resolves.toBe(1);
    expect(state.inFlight).toBe(0);
  });

  it('given a longer queue per thread, then a longer Retry-After (the time a full queue takes to drain)', () => {
    const short = new HashPool({ threads: 4, queue: 4 }).retryAfterSeconds();
    const long = new HashPool({ threads: 1, queue: 1000 }).retryAfterSeconds();
    expect(short).toBe(1);
    expect(long).toBeGreaterThan(short);
  });
});

describe('PasswordHasher', () => {
  it('given a hash and a verify, then each runs in the pool and a right password matches', async () => {
    const pool = new HashPool({ threads: 1, queue: 4 });
    const hasher = new PasswordHasher(pool);
    const hashing = hasher.hash('correct horse');
    expect(pool.load.running).toBe(1);
    const stored = await hashing;
    expect(stored).toMatch(/^\$argon2id\$/);
    const verifying = hasher.verify(stored, 'correct horse');
    expect(pool.load.running).toBe(1);
    expect(await verifying).toBe(true);
    expect(await hasher.verify(stored, 'wrong horse')).toBe(false);
    await pool.close();
  });

  it('given an unknown user (no stored hash), then the dummy verify takes its turn in the same pool and answers false', async () => {
    const pool = new HashPool({ threads: 1, queue: 0 });
    const hasher = new PasswordHasher(pool);
    const g = gate();
    const holding = pool.run(() => g.opened);
    await expect(hasher.verify(null, 'anything')).rejects.toMatchObject({ status: 503, code: 'hashing_busy' });
    await expect(hasher.hash('anything')).rejects.toMatchObject({ status: 503, code: 'hashing_busy' });
    g.open();
    await holding;
    const unknown = hasher.verify(null, 'anything');
    expect(pool.load.running).toBe(1);
    expect(await unknown).toBe(false);
    expect(pool.load).toEqual({ running: 0, waiting: 0 });
    await pool.close();
  });

  it('given two verifies on one thread, then the second starts as the first ends, even while the event loop is busy', async () => {
    const threads = new HashThreads(1);
    const answers: HashAnswer<boolean>[] = [];
    const verify = threads.verify.bind(threads);
    threads.verify = async (stored, password) => {
      const answer = await verify(stored, password);
      answers.push(answer);
      return answer;
    };
    const pool = new HashPool({ threads: 1, queue: 4 }, threads);
    const hasher = new PasswordHasher(pool);
    const stored = await hasher.hash('correct horse');
    const both = [hasher.verify(stored, 'correct horse'), hasher.verify(stored, 'wrong horse')];
    expect(pool.load).toEqual({ running: 2, waiting: 0 });
    // the loop does nothing else for a while: a thread that needed it for its next job would idle
    const busyUntil = Date.now() + 400;
    while (Date.now() < busyUntil);
    expect(await Promise.all(both)).toEqual([true, false]);
    const [first, second] = answers.sort((a, b) => a.startedAt - b.startedAt);
    expect(second!.startedAt).toBeGreaterThanOrEqual(first!.endedAt);
    // the loop was busy for 400 ms: a thread that waited for it would start the second that much later
    expect(second!.startedAt - first!.endedAt).toBeLessThan(150);
    expect(second!.endedAt).toBeLessThan(busyUntil);
    await pool.close();
  });
});
