// `npm run bench`: in one run, load the bare Fastify baseline and Userhub's authenticated
// GET /api/v1/profile with autocannon, and print each and its ratio to the baseline.
// Server processes are separate from the load generator so they do not share its event loop.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const root = path.resolve(import.meta.dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PASSWORD = 'benchmark admin password 1';

function start(script, args, env) {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.once('message', () => resolve(child));
  });
}

async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

function load(title, url, headers) {
  return new Promise((resolve, reject) => {
    autocannon({ title, url, headers, connections: CONNECTIONS, duration: DURATION, pipelining: 1 }, (err, result) => {
      if (err) return reject(err);
      if (result.non2xx > 0 || result.errors > 0) return reject(new Error(`${title}: ${result.non2xx} non-2xx, ${result.errors} errors`));
      resolve(result);
    });
  });
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'userhub-bench-'));
const userhubPort = 18080 + Math.floor(Math.random() * 1000);
const barePort = userhubPort + 1000;
const children = [];
try {
  // Userhub, as `npm start` runs it, on SQLite (or USERHUB_DATABASE_URL when set)
  const server = fork(path.join(root, 'bin/userhub.js'), ['serve'], {
    env: {
      ...process.env,
      USERHUB_DATA_DIR: dataDir,
      USERHUB_PORT: String(userhubPort),
      USERHUB_LOG_LEVEL: 'warn',
      USERHUB_BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(server);
  const base = `http://127.0.0.1:${userhubPort}`;
  await waitFor(`${base}/api/v1/health`);

  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const profile = await (await fetch(`${base}/api/v1/profile`, { headers: { cookie } })).json();

  const scenarios = [
    { name: 'GET /api/v1/health (no auth, one SELECT 1)', url: `${base}/api/v1/health`, headers: {} },
    { name: 'GET /api/v1/profile (session cookie)', url: `${base}/api/v1/profile`, headers: { cookie } },
  ];

  // API token scenario, when the tokens feature is present
  const tokenRes = await fetch(`${base}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: base },
    body: JSON.stringify({ name: 'bench', scope: 'readonly' }),
  });
  if (tokenRes.status === 201 || tokenRes.status === 200) {
    const { token } = await tokenRes.json();
    scenarios.push({ name: 'GET /api/v1/profile (API token)', url: `${base}/api/v1/profile`, headers: { authorization: `Bearer ${token}` } });
  }

  const bare = await start(path.join(root, 'bench/bare-server.mjs'), [], { BENCH_PORT: String(barePort), BENCH_SHAPE: JSON.stringify(profile) });
  children.push(bare);

  // warm-up, then measure the baseline and each scenario in the same run
  await load('warm-up', `http://127.0.0.1:${barePort}/api/v1/profile`).catch(() => {});
  for (const s of scenarios) await load('warm-up', s.url, s.headers);
  const baseline = await load('bare', `http://127.0.0.1:${barePort}/api/v1/profile`);
  const rows = [['bare Fastify route, same JSON', baseline, 1]];
  for (const s of scenarios) {
    const result = await load(s.name, s.url, s.headers);
    rows.push([s.name, result, result.requests.average / baseline.requests.average]);
  }

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\nUserhub benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} × ${cpu}`);
  console.log(`autocannon: ${CONNECTIONS} connections, ${DURATION} s per scenario, database ${process.env.USERHUB_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}\n`);
  console.log('| scenario | req/s (mean) | p50 ms | p99 ms | ratio to bare |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, r, ratio] of rows) {
    console.log(`| ${name} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p99} | ${ratio.toFixed(2)}× |`);
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
