// `npm run bench`: in one run, load the bare Fastify baseline and Userhub's authenticated
// GET /api/v1/profile with autocannon, and print each and its ratio to the baseline.
// Server processes are separate from the load generator so they do not share its event loop.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { PIN, cpuMs, pin, waitFor } from './common.mjs';

const root = path.resolve(import.meta.dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PASSWORD = 'benchmark admin password 1';

pin(process.pid, 0);

function start(script, args, env) {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.once('message', () => resolve(child));
  });
}

/** Loads `url`; the result carries `cpuUsPerRequest`, the CPU time (all threads) the server `pid` spent per request. */
function load(title, url, headers, pid) {
  const cpuBefore = cpuMs(pid);
  return new Promise((resolve, reject) => {
    autocannon({ title, url, headers, connections: CONNECTIONS, duration: DURATION, pipelining: 1 }, (err, result) => {
      if (err) return reject(err);
      if (result.non2xx > 0 || result.errors > 0) return reject(new Error(`${title}: ${result.non2xx} non-2xx, ${result.errors} errors`));
      resolve({ ...result, cpuUsPerRequest: ((cpuMs(pid) - cpuBefore) * 1000) / result.requests.total });
    });
  });
}

const dataDirs = [];
const children = [];

/** Starts Userhub as `npm start` runs it (SQLite, or USERHUB_DATABASE_URL when set), signs in, makes a readonly token. */
async function startUserhub(port, accessLog) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'userhub-bench-'));
  dataDirs.push(dataDir);
  const server = fork(path.join(root, 'bin/userhub.js'), ['serve'], {
    env: {
      ...process.env,
      USERHUB_DATA_DIR: dataDir,
      USERHUB_PORT: String(port),
      USERHUB_ACCESS_LOG: accessLog ? 'on' : 'off',
      USERHUB_BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(server);
  pin(server.pid, 1);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/api/v1/health`);

  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const tokenRes = await fetch(`${base}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: base },
    body: JSON.stringify({ name: 'bench', scope: 'readonly' }),
  });
  if (!tokenRes.ok) throw new Error(`token creation failed: ${tokenRes.status}`);
  const { token } = await tokenRes.json();
  return { base, cookie, token, pid: server.pid };
}

const userhubPort = 18080 + Math.floor(Math.random() * 1000);
const barePort = userhubPort + 1000;
try {
  // the default configuration (log level info, no access log)
  const quiet = await startUserhub(userhubPort, false);
  // USERHUB_ACCESS_LOG=on: Fastify's request logger writes two lines per request (to /dev/null here)
  const logging = await startUserhub(userhubPort + 1, true);
  const profile = await (await fetch(`${quiet.base}/api/v1/profile`, { headers: { cookie: quiet.cookie } })).json();

  const scenarios = [
    { name: 'GET /api/v1/health (no auth, one SELECT 1)', url: `${quiet.base}/api/v1/health`, headers: {}, pid: quiet.pid },
    { name: 'GET /api/v1/profile (session cookie)', url: `${quiet.base}/api/v1/profile`, headers: { cookie: quiet.cookie }, pid: quiet.pid },
    { name: 'GET /api/v1/profile (API token)', url: `${quiet.base}/api/v1/profile`, headers: { authorization: `Bearer ${quiet.token}` }, pid: quiet.pid },
    {
      name: 'GET /api/v1/profile (session cookie, USERHUB_ACCESS_LOG=on)',
      url: `${logging.base}/api/v1/profile`,
      headers: { cookie: logging.cookie },
      pid: logging.pid,
    },
  ];

  const bare = await start(path.join(root, 'bench/bare-server.mjs'), [], { BENCH_PORT: String(barePort), BENCH_SHAPE: JSON.stringify(profile) });
  children.push(bare);
  pin(bare.pid, 1);

  // Warm-up, then ROUNDS rounds, each loading the baseline and every scenario in turn: the
  // machine's speed drifts (shared cores), and interleaving exposes all of them to the same drift.
  // Each row reports the median round; the ratio is per round (scenario / that round's baseline),
  // and its median is printed.
  const bareUrl = `http://127.0.0.1:${barePort}/api/v1/profile`;
  const all = [{ name: 'bare Fastify route, same JSON', url: bareUrl, headers: {}, pid: bare.pid }, ...scenarios];
  for (const s of all) await load('warm-up', s.url, s.headers, s.pid);
  const results = all.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, s] of all.entries()) results[i].push(await load(s.name, s.url, s.headers, s.pid));
  }
  const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const baseline = results[0].map((r) => r.requests.average);

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\nUserhub benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} × ${cpu}`);
  console.log(
    `autocannon: ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${DURATION} s per scenario, database ${process.env.USERHUB_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}, ${PIN ? 'load generator pinned to CPU 0, servers to CPU 1' : 'not pinned'}\n`,
  );
  console.log('| scenario | req/s (median round) | p50 ms | p99 ms | ratio to bare (median) | ratio per round | server CPU µs / request (median) |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- | ---: |');
  for (const [i, s] of all.entries()) {
    const rps = results[i].map((r) => r.requests.average);
    const mid = results[i].find((r) => r.requests.average === median(rps));
    const ratios = rps.map((v, round) => v / baseline[round]);
    console.log(
      `| ${s.name} | ${Math.round(median(rps))} | ${mid.latency.p50} | ${mid.latency.p99} | ${median(ratios).toFixed(2)}× | ${ratios.map((r) => r.toFixed(2)).join(' ')} | ${median(results[i].map((r) => r.cpuUsPerRequest)).toFixed(1)} |`,
    );
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
}
