// The raw argon2id verify rate of BENCH_RAW_THREADS threads (the server's hashing threads), with
// the server's parameters (ARGON2_PARAMS, src/features/auth/hash-threads.ts), for
// BENCH_RAW_SECONDS: as many verifies in flight as threads, on libuv's pool of that size
// (UV_THREADPOOL_SIZE, set by the parent), in a process that does nothing else, so no thread ever
// waits for its next verify. (The server runs the same calls on worker threads of its own.)
// Sends { type: 'raw', verifies, seconds, rate }.
import { Algorithm, hash, verify } from '@node-rs/argon2';

const PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const threads = Number(process.env.BENCH_RAW_THREADS ?? 1);
const seconds = Number(process.env.BENCH_RAW_SECONDS ?? 3);
const password = 'benchmark admin password 1';
const stored = await hash(password, PARAMS);

await Promise.all(Array.from({ length: threads }, () => verify(stored, password))); // warm-up
let verifies = 0;
const started = performance.now();
const until = started + seconds * 1000;
await Promise.all(
  Array.from({ length: threads }, async () => {
    while (performance.now() < until) {
      if (!(await verify(stored, password))) throw new Error('verify failed');
      verifies++;
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
process.send({ type: 'raw', verifies, seconds: elapsed, rate: verifies / elapsed });
