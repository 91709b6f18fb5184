import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

/** CPUs the bench may use, read before the bench pins itself (then it sees only CPU 0). */
export const CPUS_AT_START = os.availableParallelism();

/**
 * On a small machine the scheduler often puts a server and the load generator on the same core,
 * and a run then measures that accident. With `taskset` and at least two CPUs, the load
 * generator keeps CPU 0 and every server (all its threads) CPU 1. BENCH_PIN=0 turns this off.
 */
export const PIN = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2 && hasTaskset();

/** Where servers run when pinned (a taskset CPU list). */
export const SERVER_CPUS = '1';
/** The V8 flags Userhub's server runs with (bin/node-flags.js); the baselines get them too. */
export const SERVER_NODE_FLAGS = createRequire(import.meta.url)('../bin/node-flags.js');
export const LOAD_CPUS = '0';

function hasTaskset() {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins the process `pid` (all its threads) to `cpus` (a taskset list: "1", "0-1") when pinning is on. */
export function pin(pid, cpus) {
  if (PIN) execFileSync('taskset', ['-a', '-p', '-c', String(cpus), String(pid)], { stdio: 'ignore' });
}

/** How many CPUs a taskset list names ("0-1,3" → 3). */
export function cpuCount(list) {
  let n = 0;
  for (const part of String(list).split(',')) {
    const [a, b] = part.split('-').map(Number);
    n += b === undefined ? 1 : b - a + 1;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Everything the bench starts is registered here and ended by cleanup(), on success, on failure
// and on SIGINT/SIGTERM (run.mjs).

const children = new Set();
const dirs = new Set();
const finalizers = [];

export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

export function removeDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

/** Runs `fn` at cleanup (after the child processes are ended, before the temp dirs go). */
export function atCleanup(fn) {
  finalizers.push(fn);
}

/**
 * Starts `node script ...args`, pinned from its first instruction to `cpus` when pinning is on
 * (so what the process reads of its CPUs at start-up, e.g. os.availableParallelism(), is the
 * pinned set). With `ipc` the child can process.send(); `stdout` 'pipe' | 'ignore' | 'inherit';
 * `nodeFlags`: V8/Node flags before the script (servers get SERVER_NODE_FLAGS).
 */
export function launch(script, args = [], { env = process.env, cpus = null, ipc = false, stdout = 'ignore', nodeFlags = [] } = {}) {
  const stdio = ['ignore', stdout, 'inherit', ...(ipc ? ['ipc'] : [])];
  // BENCH_PROFILE=DIR: every child writes a V8 CPU profile there when it exits (open it in Chrome's DevTools)
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const node = [process.execPath, ...nodeFlags, ...profile, script, ...args];
  const child = PIN && cpus !== null ? spawn('taskset', ['-c', String(cpus), ...node], { env, stdio }) : spawn(node[0], node.slice(1), { env, stdio });
  children.add(child);
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  child.exited.then(() => children.delete(child));
  return child;
}

/** The first message of an IPC child; rejects if it exits first. */
export function firstMessage(child, what) {
  return new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.exited.then((code) => reject(new Error(`${what} exited with ${code}`)));
  });
}

/** Ends a child: SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
export async function stop(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

export async function cleanup() {
  await Promise.all([...children].map((child) => stop(child)));
  for (const fn of finalizers.splice(0).reverse()) {
    try {
      await fn();
    } catch (err) {
      console.error(`cleanup: ${err.message}`);
    }
  }
  for (const dir of [...dirs]) removeDir(dir);
}

// ---------------------------------------------------------------------------------------------

/** A TCP port nobody listens on now (the kernel's choice; another process could still take it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when `url` answers 2xx; a server started by a benchmark has 20 s to come up. */
export async function waitFor(url, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not come up`);
}

/** Resolves when something accepts TCP connections on 127.0.0.1:`port` (the connection is closed at once). */
export async function waitForPort(port, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const open = await new Promise((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(10);
  }
  throw new Error(`nothing listens on port ${port}`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();
/**
 * CPU time (user + system, all threads) the process has used so far, in ms, from /proc; with
 * `withEndedChildren`, also that of its children that ended and were waited for (cutime, cstime:
 * PostgreSQL backends whose connection closed).
 */
export function cpuMs(pid, { withEndedChildren = false } = {}) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]) + (withEndedChildren ? Number(fields[13]) + Number(fields[14]) : 0);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** CPU time (user + system) of each thread of the process so far, in ms: thread id → ms. */
export function threadCpuMs(pid) {
  const out = new Map();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND);
    } catch {
      // the thread ended
    }
  }
  return out;
}

/** Resident memory of the process in KiB (VmRSS from /proc/<pid>/status). */
export function rssKb(pid) {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : NaN;
}

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order of the results. */
export async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A number from the environment, or `fallback`. */
export function envNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number (got ${JSON.stringify(raw)})`);
  return value;
}

/** Sends `message` to an IPC child and resolves with its next message (rejects if it exits first). */
export function ask(child, message) {
  const reply = firstMessage(child, 'child process');
  child.send(message);
  return reply;
}
