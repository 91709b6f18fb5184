// The side loop of the *-writes scenarios, in its own process (on the load generator's CPU): profile
// writes (PATCH /api/v1/profile, a new displayName) at a fixed rate, each by the next of its users
// in turn. Open loop: the schedule does not wait for answers (at most 100 in flight).
//   parent → { type: 'start', base, cookies, rate }   starts (or restarts) the loop
//   parent → { type: 'stop' }                          → { type: 'stopped', seconds, ok, statuses, p50, p99 }
let state = null;

function percentile(sorted, p) {
  return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

function start({ base, cookies, rate }) {
  const s = { started: performance.now(), issued: 0, inFlight: new Set(), statuses: {}, latencies: [], timer: null };
  const write = async (n) => {
    const t0 = performance.now();
    let key;
    try {
      const res = await fetch(`${base}/api/v1/profile`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', cookie: cookies[n % cookies.length], origin: base },
        body: JSON.stringify({ displayName: `Writer ${n}` }),
      });
      await res.arrayBuffer();
      key = String(res.status);
    } catch (err) {
      key = `error ${err.cause?.code ?? err.message}`;
    }
    s.statuses[key] = (s.statuses[key] ?? 0) + 1;
    if (key === '200') s.latencies.push(performance.now() - t0);
  };
  // every 10 ms, issue what the schedule says is due by now
  s.timer = setInterval(() => {
    const due = Math.floor(((performance.now() - s.started) / 1000) * rate);
    while (s.issued < due && s.inFlight.size < 100) {
      const p = write(s.issued++);
      s.inFlight.add(p);
      p.finally(() => s.inFlight.delete(p));
    }
  }, 10);
  return s;
}

async function stop(s) {
  clearInterval(s.timer);
  const seconds = (performance.now() - s.started) / 1000;
  await Promise.all([...s.inFlight]);
  const sorted = s.latencies.sort((a, b) => a - b);
  return { type: 'stopped', seconds, ok: s.statuses['200'] ?? 0, statuses: s.statuses, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

process.on('message', async (msg) => {
  if (msg.type === 'start') {
    state = start(msg);
    process.send({ type: 'started' });
  } else if (msg.type === 'stop' && state) {
    const result = await stop(state);
    state = null;
    process.send(result);
  }
});
process.send({ type: 'ready' });
