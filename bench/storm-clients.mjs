// The login storm of the `storm` scenario, in its own process (on the load generator's CPU): one
// client per user, each signing in again as soon as its last sign-in was answered
// (POST /api/v1/auth/login). A 503 or 429 is retried after its Retry-After, at most
// BENCH_STORM_RETRY_CAP_MS (1000 ms) so that a phase of a few seconds is not one long sleep.
//   parent → { type: 'start', base, users: [{ username, password }] }  → { type: 'started' }
//   parent → { type: 'measure' }  counts from now                      → { type: 'measuring' }
//   parent → { type: 'stop' }     ends every client after its current request
//                                 → { type: 'stopped', seconds, ok, busy, other, p50, p99 }
const RETRY_CAP_MS = Number(process.env.BENCH_STORM_RETRY_CAP_MS ?? 1000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let state = null;

function percentile(sorted, p) {
  return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

function newCounts() {
  return { since: performance.now(), ok: 0, busy: 0, other: {}, latencies: [] };
}

async function client(s, base, { username, password }) {
  while (s.running) {
    const t0 = performance.now();
    let status;
    let retryAfter = null;
    try {
      const res = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      status = res.status;
      retryAfter = res.headers.get('retry-after');
    } catch (err) {
      status = `error ${err.cause?.code ?? err.name}`;
    }
    const c = s.counts;
    if (t0 >= c.since) {
      if (status === 200) {
        c.ok++;
        c.latencies.push(performance.now() - t0);
      } else if (status === 503 && retryAfter !== null) c.busy++;
      else c.other[status] = (c.other[status] ?? 0) + 1;
    }
    if (status !== 200 && s.running) {
      const seconds = Number(retryAfter);
      await sleep(Number.isFinite(seconds) && retryAfter !== null ? Math.min(seconds * 1000, RETRY_CAP_MS) : 100);
    }
  }
}

process.on('message', async (msg) => {
  if (msg.type === 'start') {
    state = { running: true, counts: newCounts() };
    state.done = Promise.all(msg.users.map((u) => client(state, msg.base, u)));
    process.send({ type: 'started' });
  } else if (msg.type === 'measure') {
    state.counts = newCounts();
    process.send({ type: 'measuring' });
  } else if (msg.type === 'stop') {
    const c = state.counts;
    const seconds = (performance.now() - c.since) / 1000;
    state.running = false;
    await state.done;
    state = null;
    const sorted = c.latencies.sort((a, b) => a - b);
    process.send({ type: 'stopped', seconds, ok: c.ok, busy: c.busy, other: c.other, p50: percentile(sorted, 50), p99: percentile(sorted, 99) });
  }
});
process.send({ type: 'ready' });
