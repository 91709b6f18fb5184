// `start`: a freshly started server (new data dir or database each round): time until it
// listens, its resident memory (VmRSS) then and after its first requests, and the time of its
// first GET /api/v1/health, first sign-in and first (and second) authenticated GET /api/v1/profile.
import http from 'node:http';
import { fmt } from '../load.mjs';
import { median, rssKb } from '../common.mjs';
import { SESSION_COOKIE, startUserhub } from '../userhub.mjs';

/** One request on a new connection (no agent); resolves { ms, status, headers, body }. */
function timed(base, path, { method = 'GET', headers = {}, body = null } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function expectOk(res, what) {
  if (res.status !== 200) throw new Error(`${what}: ${res.status} ${res.body}`);
  return res;
}

async function once(databaseUrl) {
  const t0 = performance.now();
  const server = await startUserhub({ databaseUrl, readyWhen: 'listening' });
  try {
    const listenMs = performance.now() - t0;
    const rssStart = rssKb(server.pid);
    const health = expectOk(await timed(server.base, '/api/v1/health'), 'first health');
    const login = expectOk(
      await timed(server.base, '/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'benchmark admin password 1' }),
      }),
      'first sign-in',
    );
    const token = [login.headers['set-cookie']].flat().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    const cookie = token.split(';')[0];
    const profile = expectOk(await timed(server.base, '/api/v1/profile', { headers: { cookie } }), 'first profile');
    const again = expectOk(await timed(server.base, '/api/v1/profile', { headers: { cookie } }), 'second profile');
    const rssAfter = rssKb(server.pid);
    return { listenMs, rssStart, health: health.ms, login: login.ms, profile: profile.ms, again: again.ms, rssAfter };
  } finally {
    await server.stop();
  }
}

export async function start(ctx) {
  const rounds = ctx.rounds(3);
  const cluster = await ctx.postgres();
  const engines = [['SQLite', async () => null]];
  if (!cluster.skipped) engines.push([`PostgreSQL ${cluster.version}`, () => cluster.createDatabase('start')]);
  const rows = [];
  for (const [label, database] of engines) {
    const runs = [];
    for (let i = 0; i < rounds; i++) runs.push(await once(await database()));
    rows.push([label, runs]);
  }
  ctx.header(
    'start',
    `a new server per round (new data dir / database: migrations and the bootstrap admin run at start), ${rounds} rounds, medians; each request on a new connection${cluster.skipped ? `; PostgreSQL skipped: ${cluster.skipped}` : ''}`,
  );
  const mib = (kb) => fmt(kb / 1024, 1);
  console.log('| database | start → listening ms | RSS after start MiB | first GET /api/v1/health ms | first sign-in ms | first GET /api/v1/profile ms | second profile ms | RSS after these requests MiB |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [label, runs] of rows) {
    const m = (key) => median(runs.map((r) => r[key]));
    console.log(`| ${label} | ${fmt(m('listenMs'))} | ${mib(m('rssStart'))} | ${fmt(m('health'), 1)} | ${fmt(m('login'), 1)} | ${fmt(m('profile'), 1)} | ${fmt(m('again'), 1)} | ${mib(m('rssAfter'))} |`);
  }
}
