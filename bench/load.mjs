// autocannon in the bench process (pinned to CPU 0), interleaved rounds, and the table they print.
import path from 'node:path';
import autocannon from 'autocannon';
import { SERVER_CPUS, SERVER_NODE_FLAGS, cpuMs, firstMessage, launch, median, root, stop } from './common.mjs';

/**
 * One autocannon run against `url`. `headers` is one header set for every request; `rotation`
 * a list of header sets that every connection cycles through (one request each, in turn).
 * `pid`: the server whose CPU time is measured; `extraCpu`: more CPU to count (PostgreSQL's).
 * Anything but 2xx fails the run.
 */
export function load({ title, url, headers = {}, rotation = null, connections, duration, pid, extraCpu = null }) {
  const { pathname, search } = new URL(url);
  const options = { title, url, headers, connections, duration, pipelining: 1 };
  // (an explicit `requests: undefined` would replace autocannon's default)
  if (rotation) options.requests = rotation.map((h) => ({ method: 'GET', path: pathname + search, headers: h }));
  const cpuBefore = cpuMs(pid);
  const extraBefore = extraCpu?.() ?? 0;
  return new Promise((resolve, reject) => {
    autocannon(options, (err, result) => {
      if (err) return reject(err);
      if (result.non2xx > 0 || result.errors > 0) return reject(new Error(`${title}: ${result.non2xx} non-2xx, ${result.errors} errors`));
      const total = result.requests.total;
      resolve({
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        total,
        cpuUs: ((cpuMs(pid) - cpuBefore) * 1000) / total,
        extraCpuUs: extraCpu ? ((extraCpu() - extraBefore) * 1000) / total : null,
      });
    });
  });
}

/** The bare Fastify route (bench/bare-server.mjs) answering `shape`, pinned like the servers. */
export async function startBare(shape, port, cpus = SERVER_CPUS) {
  const child = launch(path.join(root, 'bench/bare-server.mjs'), [], {
    env: { ...process.env, BENCH_PORT: String(port), BENCH_SHAPE: JSON.stringify(shape) },
    cpus,
    ipc: true,
    // the server's V8 flags: the baseline measures the framework, not a heap setting
    nodeFlags: SERVER_NODE_FLAGS,
  });
  await firstMessage(child, 'bare server');
  return { url: `http://127.0.0.1:${port}/api/v1/profile`, pid: child.pid, stop: () => stop(child) };
}

/**
 * Warm-up (each row once), then `rounds` rounds that run every row in turn: the machine's speed
 * drifts (shared cores), and interleaving exposes all rows to the same drift. `rows[i].run()`
 * resolves to a load() result (plus any extra fields); `warmup: false` leaves a row out of the
 * warm-up. Returns results[row][round].
 */
export async function interleave(rows, { rounds, warmup = true }) {
  if (warmup) for (const row of rows) if (row.warmup !== false) await row.run();
  const results = rows.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, row] of rows.entries()) results[i].push(await row.run());
  }
  return results;
}

const fmt = (v, digits = 0) => (Number.isFinite(v) ? v.toFixed(digits) : '—');

/**
 * The usual table: req/s, p50 and p99 of the median round, the ratio to the bare route per round
 * (row 0 is the bare route) and its median, the server's CPU µs per request, and the CPU
 * efficiency (bare's CPU per request ÷ the row's, per round, median). `extra` adds
 * columns: [{ title, value: (roundResults) => string }].
 */
export function printTable(rows, results, { extra = [] } = {}) {
  const baseline = results[0].map((r) => r.rps);
  const bareCpu = results[0].map((r) => r.cpuUs);
  // [title, Markdown alignment]; extra columns are right-aligned figures
  const columns = [
    ['scenario', '---'],
    ['req/s (median round)', '---:'],
    ['p50 ms', '---:'],
    ['p99 ms', '---:'],
    ['ratio to bare (median)', '---:'],
    ['ratio per round', '---'],
    ['server CPU µs / request (median)', '---:'],
    ['CPU efficiency vs bare (median)', '---:'],
    ...extra.map((e) => [e.title, '---:']),
  ];
  console.log(`| ${columns.map(([title]) => title).join(' | ')} |`);
  console.log(`| ${columns.map(([, align]) => align).join(' | ')} |`);
  for (const [i, row] of rows.entries()) {
    const rs = results[i];
    const mid = medianRound(rs);
    const ratios = rs.map((r, round) => r.rps / baseline[round]);
    const cells = [
      row.name,
      fmt(mid.rps),
      fmt(mid.p50),
      fmt(mid.p99),
      `${fmt(median(ratios), 2)}×`,
      ratios.map((r) => fmt(r, 2)).join(' '),
      fmt(median(rs.map((r) => r.cpuUs)), 1),
      // bare's CPU per request ÷ this row's, in the same round: the machine's drift cancels out
      `${fmt(median(rs.map((r, round) => bareCpu[round] / r.cpuUs)), 2)}×`,
      ...extra.map((e) => e.value(rs, i)),
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
}

/** The round whose req/s is the median one. */
export function medianRound(roundResults) {
  const m = median(roundResults.map((r) => r.rps));
  return roundResults.find((r) => r.rps === m) ?? roundResults[0];
}

export { fmt };
