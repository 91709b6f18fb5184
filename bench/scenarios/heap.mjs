// `heap`: a SQLite read (GET /api/v1/profile, 200 session cookies in rotation) with different V8
// young-generation sizes. The size a process runs with depends on its history (V8 grows it under
// load and shrinks it when idle), so every row starts a new server in every round, warms it up,
// measures it and ends it; the bare route too. BENCH_HEAP_FLAGS: the flag sets to compare,
// separated by '|' ('' is V8's default); by default V8's default, the server's own
// (bin/node-flags.js) and two other fixed sizes. This is how bin/node-flags.js was chosen.
import { SERVER_NODE_FLAGS, freePort, tempDir } from '../common.mjs';
import { interleave, load, printTable, startBare } from '../load.mjs';
import { getJson, makeUsers, signIn, startUserhub } from '../userhub.mjs';
import { READERS } from './reads.mjs';

const fixed = (mib) => `--min-semi-space-size=${mib} --max-semi-space-size=${mib}`;
const DEFAULT_SETS = ['', SERVER_NODE_FLAGS.join(' '), fixed(8), fixed(32)];
const WARMUP_S = 2;

function flagSets() {
  const sets = process.env.BENCH_HEAP_FLAGS === undefined ? DEFAULT_SETS : process.env.BENCH_HEAP_FLAGS.split('|');
  return sets.map((set) => set.trim().split(/\s+/).filter(Boolean));
}

export async function heap(ctx) {
  const rounds = ctx.rounds(3);
  const connections = ctx.connections(20);
  const { duration } = ctx;
  // one data dir, set up once: every server of the scenario serves the same users and sessions
  const dataDir = tempDir('userhub-bench-heap-');
  const first = await startUserhub({ dataDir });
  let rotation;
  let shape;
  try {
    const readers = await makeUsers(first.base, await signIn(first.base, 'admin'), 'reader', READERS);
    rotation = readers.map((u) => ({ cookie: u.cookie }));
    shape = await getJson(first.base, '/api/v1/profile', rotation[0]);
  } finally {
    await first.stop();
  }

  /** Starts a server, warms it up, measures it, ends it. */
  const fresh = (start, url) => async () => {
    const server = await start();
    try {
      const options = { url: url(server), rotation, connections, pid: server.pid };
      await load({ ...options, title: 'warm-up', duration: WARMUP_S });
      return await load({ ...options, title: 'measured', duration });
    } finally {
      await server.stop();
    }
  };
  const rows = [
    { name: 'bare Fastify route, same JSON (the server\'s flags)', run: fresh(async () => startBare(shape, await freePort()), (bare) => bare.url) },
    ...flagSets().map((nodeFlags) => ({
      name: `SQLite, 200 session cookies: ${nodeFlags.join(' ') || "V8's default"}`,
      run: fresh(() => startUserhub({ dataDir, nodeFlags }), (server) => `${server.base}/api/v1/profile`),
    })),
  ];
  const results = await interleave(rows, { rounds, warmup: false });
  ctx.header('heap', `${connections} connections, ${rounds} interleaved rounds, a new server per row and round (${WARMUP_S} s warm-up, then ${duration} s measured), SQLite, ${READERS} users signed in`);
  printTable(rows, results);
}
