// `sqlite`, `sqlite-writes`, `postgres`, `postgres-writes`: GET /api/v1/profile by 200 users in
// rotation (their session cookies, then their API tokens), and the same while a side process
// makes profile writes by 20 other users (BENCH_WRITES_PER_S, 20 a second).
import path from 'node:path';
import { ask, envNumber, firstMessage, freePort, launch, median, root, stop } from '../common.mjs';
import { fmt, interleave, load, printTable, startBare } from '../load.mjs';
import { getJson, makeUsers, signIn, startUserhub } from '../userhub.mjs';

export const READERS = 200;
export const WRITERS = 20;

/** The side writer (bench/writer.mjs), on the load generator's CPU (it inherits the bench's pinning). */
export async function startWriter() {
  const child = launch(path.join(root, 'bench/writer.mjs'), [], { ipc: true });
  await firstMessage(child, 'writer');
  return {
    /** Runs `during()` while the writer writes; the result gets `writes` (what the writer achieved). */
    async around(target, during) {
      await ask(child, { type: 'start', ...target });
      let result;
      let error = null;
      try {
        result = await during();
      } catch (err) {
        error = err;
      }
      const writes = await ask(child, { type: 'stop' });
      if (error) throw error;
      return { ...result, writes };
    },
    stop: () => stop(child),
  };
}

export const writeColumns = [
  {
    title: 'side writes/s achieved (median)',
    value: (rs) => (rs[0].writes ? fmt(median(rs.map((r) => r.writes.ok / r.writes.seconds)), 1) : ''),
  },
  {
    title: 'writes not 200 (all rounds)',
    value: (rs) => {
      if (!rs[0].writes) return '';
      const other = {};
      for (const r of rs) for (const [k, v] of Object.entries(r.writes.statuses)) if (k !== '200') other[k] = (other[k] ?? 0) + v;
      const keys = Object.keys(other);
      return keys.length === 0 ? '0' : keys.map((k) => `${other[k]}× ${k}`).join(', ');
    },
  },
  { title: 'write p99 ms (median)', value: (rs) => (rs[0].writes ? fmt(median(rs.map((r) => r.writes.p99)), 0) : '') },
];

/** `engine`: 'sqlite' | 'postgres'; `variants`: { plain, writes } (which rows to run). */
export async function reads(ctx, engine, variants) {
  const rounds = ctx.rounds(5);
  const connections = ctx.connections(20);
  const { duration } = ctx;
  const writeRate = envNumber('BENCH_WRITES_PER_S', 20);
  let cluster = null;
  if (engine === 'postgres') {
    cluster = await ctx.postgres();
    if (cluster.skipped) return ctx.skip(engine, cluster.skipped);
  }
  const stops = [];
  try {
    const server = await startUserhub({ databaseUrl: cluster ? await cluster.createDatabase('reads') : null });
    stops.push(server);
    const admin = await signIn(server.base, 'admin');
    const readers = await makeUsers(server.base, admin, 'reader', READERS, { tokens: true });
    const writers = variants.writes ? await makeUsers(server.base, admin, 'writer', WRITERS) : [];
    const cookies = readers.map((u) => ({ cookie: u.cookie }));
    const tokens = readers.map((u) => ({ authorization: `Bearer ${u.token}` }));
    const bare = await startBare(await getJson(server.base, '/api/v1/profile', cookies[0]), await freePort());
    stops.push(bare);
    const writer = variants.writes ? await startWriter() : null;
    if (writer) stops.push(writer);
    const target = { base: server.base, cookies: writers.map((u) => u.cookie), rate: writeRate };

    const url = `${server.base}/api/v1/profile`;
    const extraCpu = cluster ? () => cluster.cpuMs() : null;
    const row = (name, rotation, withWrites) => ({
      name,
      run: () => {
        const measure = () => load({ title: name, url, rotation, connections, duration, pid: server.pid, extraCpu });
        return withWrites ? writer.around(target, measure) : measure();
      },
    });
    const label = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const rows = [{ name: 'bare Fastify route, same JSON', run: () => load({ title: 'bare', url: bare.url, connections, duration, pid: bare.pid }) }];
    if (variants.plain) {
      rows.push(row(`${label}: GET /api/v1/profile, ${READERS} session cookies in rotation`, cookies, false));
      rows.push(row(`${label}: GET /api/v1/profile, ${READERS} API tokens in rotation`, tokens, false));
    }
    if (variants.writes) {
      const side = `while ${writeRate} profile writes/s by ${WRITERS} other users`;
      rows.push(row(`${label}: ${READERS} session cookies, ${side}`, cookies, true));
      rows.push(row(`${label}: ${READERS} API tokens, ${side}`, tokens, true));
    }
    const results = await interleave(rows, { rounds });

    const names = [variants.plain && engine, variants.writes && `${engine}-writes`].filter(Boolean).join(', ');
    ctx.header(
      names,
      `${connections} connections, ${rounds} interleaved rounds of ${duration} s per row, ${label}${cluster ? ` ${cluster.version}${cluster.cpus ? ` (pinned to CPU ${cluster.cpus})` : ''}` : ''}, ${READERS} users signed in`,
    );
    const extra = [];
    if (cluster) extra.push({ title: 'PostgreSQL CPU µs / request (median)', value: (rs, i) => (i === 0 ? '' : fmt(median(rs.map((r) => r.extraCpuUs)), 1)) });
    if (variants.writes) extra.push(...writeColumns);
    printTable(rows, results, { extra });
  } finally {
    for (const s of stops.reverse()) await s.stop();
  }
}
