// `basic`: the issue-2/4 scenarios. One admin session and token on a server in the default
// configuration, and one with USERHUB_ACCESS_LOG=on; SQLite, or USERHUB_DATABASE_URL when set.
import { freePort } from '../common.mjs';
import { interleave, load, printTable, startBare } from '../load.mjs';
import { createToken, getJson, signIn, startUserhub } from '../userhub.mjs';

export async function basic(ctx) {
  const rounds = ctx.rounds(7);
  const connections = ctx.connections(10);
  const { duration } = ctx;
  const databaseUrl = process.env.USERHUB_DATABASE_URL ?? null;
  const servers = [];
  try {
    // the default configuration (log level info, no access log)
    const quiet = await startUserhub({ databaseUrl });
    servers.push(quiet);
    // USERHUB_ACCESS_LOG=on: Fastify's request logger writes two lines per request (to /dev/null here)
    const logging = await startUserhub({ databaseUrl, env: { USERHUB_ACCESS_LOG: 'on' } });
    servers.push(logging);
    const quietCookie = await signIn(quiet.base, 'admin');
    const quietToken = await createToken(quiet.base, quietCookie);
    const loggingCookie = await signIn(logging.base, 'admin');
    const profile = await getJson(quiet.base, '/api/v1/profile', { cookie: quietCookie });
    const bare = await startBare(profile, await freePort());
    servers.push(bare);

    const row = (name, url, headers, pid) => ({ name, run: () => load({ title: name, url, headers, connections, duration, pid }) });
    const rows = [
      row('bare Fastify route, same JSON', bare.url, {}, bare.pid),
      row('GET /api/v1/health (no auth, one SELECT 1)', `${quiet.base}/api/v1/health`, {}, quiet.pid),
      row('GET /api/v1/profile (session cookie)', `${quiet.base}/api/v1/profile`, { cookie: quietCookie }, quiet.pid),
      row('GET /api/v1/profile (API token)', `${quiet.base}/api/v1/profile`, { authorization: `Bearer ${quietToken}` }, quiet.pid),
      row('GET /api/v1/profile (session cookie, USERHUB_ACCESS_LOG=on)', `${logging.base}/api/v1/profile`, { cookie: loggingCookie }, logging.pid),
    ];
    const results = await interleave(rows, { rounds });
    ctx.header('basic', `${connections} connections, ${rounds} interleaved rounds of ${duration} s per scenario, database ${databaseUrl ? 'PostgreSQL' : 'SQLite'}, one admin session and token`);
    printTable(rows, results);
  } finally {
    for (const s of servers) await s.stop();
  }
}
