// `npm run bench`: load Userhub and the bare Fastify baseline with autocannon in interleaved
// rounds and print the figures of each scenario (bench/README.md). BENCH_SCENARIOS picks the
// scenarios (comma-separated; default all): basic, sqlite, sqlite-writes, postgres,
// postgres-writes, storm, million, start, oidc, heap. Servers are separate processes from the load generator.
import os from 'node:os';
import { LOAD_CPUS, PIN, SERVER_CPUS, cleanup, envNumber, pin } from './common.mjs';
import { startPostgres } from './postgres.mjs';
import { basic } from './scenarios/basic.mjs';
import { heap } from './scenarios/heap.mjs';
import { oidc } from './scenarios/oidc.mjs';
import { million } from './scenarios/million.mjs';
import { reads } from './scenarios/reads.mjs';
import { start } from './scenarios/start.mjs';
import { storm } from './scenarios/storm.mjs';

const ALL = ['basic', 'sqlite', 'sqlite-writes', 'postgres', 'postgres-writes', 'storm', 'million', 'start', 'oidc', 'heap'];
const selected = (process.env.BENCH_SCENARIOS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = selected.filter((s) => !ALL.includes(s));
if (unknown.length > 0) {
  console.error(`BENCH_SCENARIOS: unknown ${unknown.join(', ')} (known: ${ALL.join(', ')})`);
  process.exit(2);
}
const wanted = new Set(selected.length > 0 ? selected : ALL);

let cluster = null;
const ctx = {
  duration: envNumber('BENCH_DURATION', 3),
  rounds: (fallback) => envNumber('BENCH_ROUNDS', fallback),
  connections: (fallback) => envNumber('BENCH_CONNECTIONS', fallback),
  /** The run's PostgreSQL cluster, started on first use; { skipped: reason } when it cannot be. */
  postgres: () => (cluster ??= startPostgres()),
  header(name, line) {
    console.log(`\n### ${name}\n\n${line}\n`);
  },
  skip(name, reason) {
    console.log(`\n### ${name}\n\nskipped: ${reason}`);
  },
};

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

pin(process.pid, LOAD_CPUS);
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`Userhub benchmark — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${os.cpus().length} × ${cpu}`);
console.log(`scenarios: ${[...wanted].join(', ')}; ${PIN ? `load generator pinned to CPU ${LOAD_CPUS}, servers to CPU ${SERVER_CPUS}` : 'not pinned'}`);

let failed = false;
try {
  const steps = [
    ['basic', () => basic(ctx)],
    ['sqlite', () => reads(ctx, 'sqlite', { plain: wanted.has('sqlite'), writes: wanted.has('sqlite-writes') }), ['sqlite', 'sqlite-writes']],
    ['postgres', () => reads(ctx, 'postgres', { plain: wanted.has('postgres'), writes: wanted.has('postgres-writes') }), ['postgres', 'postgres-writes']],
    ['storm', () => storm(ctx)],
    ['million', () => million(ctx)],
    ['start', () => start(ctx)],
    ['oidc', () => oidc(ctx)],
    ['heap', () => heap(ctx)],
  ];
  for (const [name, run, names = [name]] of steps) {
    if (!names.some((n) => wanted.has(n))) continue;
    try {
      await run();
    } catch (err) {
      failed = true;
      if (interrupted) break;
      console.log(`\n### ${name}: FAILED\n\n${err.stack}`);
    }
  }
} finally {
  await cleanup();
}
if (failed) process.exitCode = 1;
