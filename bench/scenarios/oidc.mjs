// `oidc`: single sign-on's hot paths beside the authenticated profile read. The refresh-token
// grant (rotation: every answer carries the next refresh token, so each connection walks its own
// chain) and userinfo with an access token, on a confidential app; SQLite, or
// USERHUB_DATABASE_URL. Figures per vCPU: requests per second of server CPU time.
import autocannon from 'autocannon';
import path from 'node:path';
import { SERVER_CPUS, SERVER_NODE_FLAGS, cpuMs, freePort, launch, root, stop, waitForPort } from '../common.mjs';
import { interleave, load, printTable, startBare } from '../load.mjs';
import { getJson, signIn, startUserhub } from '../userhub.mjs';

const REDIRECT = 'http://127.0.0.1:9/callback';

/** A browser's cookie jar, enough for one loopback host. */
function jar() {
  const cookies = new Map();
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    take(res) {
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair.indexOf('=');
        cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
      }
    },
  };
}

/** One authorization-code flow with PKCE for the signed-in admin; returns the token response. */
async function tokensFor(base, app, sessionCookie) {
  const { createHash, randomBytes } = await import('node:crypto');
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const cookies = jar();
  cookies.take({ headers: { getSetCookie: () => [sessionCookie] } });
  let url = `${base}/oidc/auth?${new URLSearchParams({ client_id: app.id, response_type: 'code', scope: 'openid profile offline_access', prompt: 'consent', redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'S256' })}`;
  for (let i = 0; i < 15 && url.startsWith(base); i += 1) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: cookies.header() } });
    cookies.take(res);
    url = new URL(res.headers.get('location'), url).toString();
  }
  const code = new URL(url).searchParams.get('code');
  const res = await fetch(`${base}/oidc/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${app.id}:${app.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }),
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return res.json();
}

/** oidc-provider alone (bench/oidc-floor-server.mjs): the library's own cost per refresh. */
async function startFloor() {
  const port = await freePort();
  const app = { id: 'floor', secret: 'floor-secret-for-the-benchmark-only-0000' };
  const child = launch(path.join(root, 'bench/oidc-floor-server.mjs'), [String(port), app.id, app.secret], { cpus: SERVER_CPUS, nodeFlags: SERVER_NODE_FLAGS });
  await waitForPort(port);
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    app,
    pid: child.pid,
    seed: async (n) => (await fetch(`${base}/seed?n=${n}`, { method: 'POST' })).json(),
    // fetched right before each run: the library's memory store is an LRU that forgets idle tokens
    accessToken: async () => (await fetch(`${base}/access-token`, { method: 'POST' })).text(),
    stop: () => stop(child),
  };
}

/**
 * autocannon on the refresh grant. Rotation makes every refresh token single-use, and autocannon
 * builds a connection's next request before the previous answer is read, so the requests draw
 * from a shared pool of live tokens (a few per connection) and every answer returns its new one.
 */
async function loadRefresh({ title, base, app, pool, refill, connections, duration, pid }) {
  // tokens of a previous run's last requests were taken but their answers never read: top up
  await refill();
  const basic = `Basic ${Buffer.from(`${app.id}:${app.secret}`).toString('base64')}`;
  let failure = null;
  const cpuBefore = cpuMs(pid);
  return new Promise((resolve, reject) => {
    autocannon(
      {
        title,
        url: `${base}/oidc/token`,
        connections,
        duration,
        pipelining: 1,
        requests: [
          {
            method: 'POST',
            headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
            setupRequest: (req) => ({ ...req, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: pool.shift() ?? 'pool-empty' }).toString() }),
            onResponse: (status, body) => {
              if (status === 200) pool.push(JSON.parse(body).refresh_token);
              else failure ??= `${status} ${body}`;
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        if (result.non2xx > 0 || result.errors > 0) return reject(new Error(`${title}: ${result.non2xx} non-2xx, ${result.errors} errors (first: ${failure})`));
        resolve({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, cpuUs: ((cpuMs(pid) - cpuBefore) * 1000) / result.requests.total });
      },
    );
  });
}

export async function oidc(ctx) {
  const rounds = ctx.rounds(3);
  const connections = ctx.connections(10);
  const { duration } = ctx;
  const databaseUrl = process.env.USERHUB_DATABASE_URL ?? null;
  const port = await freePort();
  const servers = [];
  try {
    const server = await startUserhub({ databaseUrl, port, env: { USERHUB_ORIGIN: `http://127.0.0.1:${port}` } });
    servers.push(server);
    const cookie = await signIn(server.base, 'admin');
    const created = await fetch(`${server.base}/api/v1/admin/apps`, {
      method: 'POST',
      headers: { cookie, origin: server.base, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench', redirectUris: [REDIRECT], consent: 'implicit' }),
    });
    const app = await created.json();
    // live refresh tokens, three per connection (see loadRefresh), topped up before each run
    const pool = [];
    const refill = async () => {
      pool.length = 0;
      for (let i = 0; i < connections * 3; i += 1) pool.push((await tokensFor(server.base, app, cookie)).refresh_token);
    };
    const { access_token: accessToken } = await tokensFor(server.base, app, cookie);
    const profile = await getJson(server.base, '/api/v1/profile', { cookie });
    const bare = await startBare(profile, await freePort());
    servers.push(bare);
    const floor = await startFloor();
    servers.push(floor);
    const floorPool = [];
    const floorRefill = async () => {
      floorPool.length = 0;
      floorPool.push(...(await floor.seed(connections * 3)));
    };

    const rows = [
      { name: 'bare Fastify route, same JSON', run: () => load({ title: 'bare', url: bare.url, connections, duration, pid: bare.pid }) },
      { name: 'GET /api/v1/profile (session cookie)', run: () => load({ title: 'profile', url: `${server.base}/api/v1/profile`, headers: { cookie }, connections, duration, pid: server.pid }) },
      { name: "oidc-provider alone: refresh grant, library's memory store, no account lookup (floor)", run: () => loadRefresh({ title: 'floor', base: floor.base, app: floor.app, pool: floorPool, refill: floorRefill, connections, duration, pid: floor.pid }) },
      { name: 'POST /oidc/token (refresh_token grant, rotation)', run: () => loadRefresh({ title: 'refresh', base: server.base, app, pool, refill, connections, duration, pid: server.pid }) },
      { name: "oidc-provider alone: userinfo, library's memory store (floor)", run: async () => load({ title: 'floor userinfo', url: `${floor.base}/oidc/me`, headers: { authorization: `Bearer ${await floor.accessToken()}` }, connections, duration, pid: floor.pid }) },
      { name: 'GET /oidc/me (userinfo, access token)', run: () => load({ title: 'userinfo', url: `${server.base}/oidc/me`, headers: { authorization: `Bearer ${accessToken}` }, connections, duration, pid: server.pid }) },
    ];
    const results = await interleave(rows, { rounds });
    ctx.header('oidc', `${connections} connections, ${rounds} interleaved rounds of ${duration} s, database ${databaseUrl ? 'PostgreSQL' : 'SQLite'}; per vCPU = requests per second of server CPU time (Keycloak publishes ~120 refreshes/s per vCPU); the floor row is oidc-provider by itself, what any deployment of the library costs`);
    const medianCpu = (rs) => [...rs.map((r) => r.cpuUs)].sort((a, b) => a - b)[Math.floor(rs.length / 2)];
    const floorOf = (name) => rows.findIndex((row) => row.name.includes('(floor)') && row.name.includes(name));
    printTable(rows, results, {
      extra: [
        { title: 'per vCPU (req per CPU-second)', value: (rs) => String(Math.round(1e6 / medianCpu(rs))) },
        {
          title: 'CPU per request vs the floor',
          value: (rs, i) => {
            const floorRow = floorOf(rows[i].name.includes('refresh') ? 'refresh' : 'userinfo');
            return rows[i].name.includes('oidc') && floorRow >= 0 ? `${(medianCpu(rs) / medianCpu(results[floorRow])).toFixed(2)}×` : '';
          },
        },
      ],
    });
  } finally {
    for (const s of servers) await s.stop();
  }
}
