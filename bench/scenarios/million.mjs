// `million`: the authenticated read (GET /api/v1/profile, 200 seeded session cookies of 200 users
// in rotation) on a server whose database holds 100k users and 1M sessions (half ended), against
// the same server with 200 users and 1k sessions; SQLite and PostgreSQL. Each database is made by
// the server (start, migrate, stop), then seeded by SQL (bench/seed.mjs), then the server restarts.
import { fmt, interleave, load, printTable, startBare } from '../load.mjs';
import { envNumber, freePort, median, removeDir, tempDir } from '../common.mjs';
import { seedPostgres, seedSqlite, seededRotation } from '../seed.mjs';
import { getJson, startUserhub } from '../userhub.mjs';
import path from 'node:path';
import fs from 'node:fs';

const ROTATION = 200;
const LARGE = { users: envNumber('BENCH_MILLION_USERS', 100_000), sessions: envNumber('BENCH_MILLION_SESSIONS', 1_000_000) };
const SMALL = { users: 200, sessions: 1_000 };

const count = (n) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

/** A migrated, seeded server of `engine` with `size` rows. */
async function seeded(engine, size, cluster) {
  const dataDir = tempDir('userhub-bench-million-');
  const databaseUrl = engine === 'postgres' ? await cluster.createDatabase('million') : null;
  const first = await startUserhub({ dataDir, databaseUrl });
  await first.stop();
  const { seconds } =
    engine === 'postgres' ? await seedPostgres(databaseUrl, size) : seedSqlite(path.join(dataDir, 'userhub.db'), size);
  const server = await startUserhub({ dataDir, databaseUrl });
  const bytes = engine === 'sqlite' ? fs.statSync(path.join(dataDir, 'userhub.db')).size : null;
  return { server, seconds, bytes, dataDir };
}

export async function million(ctx) {
  const rounds = ctx.rounds(5);
  const connections = ctx.connections(20);
  const { duration } = ctx;
  const cluster = await ctx.postgres();
  const engines = cluster.skipped ? ['sqlite'] : ['sqlite', 'postgres'];
  const stops = [];
  const notes = [];
  try {
    const rows = [];
    const servers = [];
    for (const engine of engines) {
      const label = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
      for (const size of [SMALL, LARGE]) {
        const { server, seconds, bytes, dataDir } = await seeded(engine, size, cluster);
        stops.push({ stop: async () => removeDir(dataDir) }, server);
        servers.push(server);
        notes.push(`${label}: ${count(size.users)} users and ${count(size.sessions)} sessions seeded in ${fmt(seconds, 1)} s${bytes ? ` (database file ${fmt(bytes / 1048576)} MiB)` : ''}`);
        const rotation = seededRotation(size, ROTATION);
        rows.push({
          name: `${label}: ${count(size.users)} users, ${count(size.sessions)} sessions`,
          partner: size === LARGE ? rows.length - 1 : null,
          rotation,
          run: () => load({ title: label, url: `${server.base}/api/v1/profile`, rotation, connections, duration, pid: server.pid, extraCpu: engine === 'postgres' ? () => cluster.cpuMs() : null }),
        });
      }
    }
    const profile = await getJson(servers[0].base, '/api/v1/profile', rows[0].rotation[0]);
    const bare = await startBare(profile, await freePort());
    stops.push(bare);
    rows.unshift({ name: 'bare Fastify route, same JSON', run: () => load({ title: 'bare', url: bare.url, connections, duration, pid: bare.pid }) });
    for (const row of rows) if (row.partner !== null && row.partner !== undefined) row.partner += 1;

    const results = await interleave(rows, { rounds });
    ctx.header(
      'million',
      `${connections} connections, ${rounds} interleaved rounds of ${duration} s per row, ${ROTATION} seeded session cookies (of ${ROTATION} users) in rotation${cluster.skipped ? `; PostgreSQL skipped: ${cluster.skipped}` : `; PostgreSQL ${cluster.version}`}\n${notes.join('\n')}`,
    );
    const vsSmall = (pick) => (rs, i) => {
      const partner = rows[i].partner;
      if (partner === null || partner === undefined) return '';
      return `${fmt(median(rs.map((r, round) => pick(r, results[partner][round]))), 2)}×`;
    };
    printTable(rows, results, {
      extra: [
        { title: 'PostgreSQL CPU µs / request (median)', value: (rs) => (rs[0].extraCpuUs === null ? '' : fmt(median(rs.map((r) => r.extraCpuUs)), 1)) },
        { title: 'req/s 1k ÷ this (median; target ≤ 1.2×)', value: vsSmall((large, small) => small.rps / large.rps) },
        // autocannon's percentiles are whole milliseconds: under 1 ms counts as 1 ms here
        { title: 'p99 this ÷ 1k (median; target ≤ 1.2×)', value: vsSmall((large, small) => Math.max(large.p99, 1) / Math.max(small.p99, 1)) },
      ],
    });
  } finally {
    for (const s of stops.reverse()) await s.stop();
  }
}
