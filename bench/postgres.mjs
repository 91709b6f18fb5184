// A throw-away PostgreSQL cluster, as scripts/test-all.sh starts one: initdb in a temp dir,
// pg_ctl on a loopback port with fsync off, stopped and deleted at cleanup (even on failure).
// Run as the `postgres` user when the bench runs as root.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PIN, SERVER_CPUS, atCleanup, cpuMs, freePort } from './common.mjs';

/** The newest /usr/lib/postgresql/N/bin with initdb, pg_ctl and postgres, or null. */
function findBin() {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(a) - Number(b));
  for (const version of versions.reverse()) {
    const bin = path.join(base, version, 'bin');
    if (['initdb', 'pg_ctl', 'postgres'].every((tool) => fs.existsSync(path.join(bin, tool)))) return bin;
  }
  return null;
}

/**
 * Starts the cluster, or returns { skipped: reason } when it cannot. `cpus`: where PostgreSQL
 * runs when pinning is on (BENCH_PG_CPUS, default the servers' CPU: the database is part of the
 * server side, and the load generator keeps its own core).
 */
export async function startPostgres({ cpus = process.env.BENCH_PG_CPUS ?? SERVER_CPUS } = {}) {
  const bin = findBin();
  if (!bin) return { skipped: 'no PostgreSQL binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)' };
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    try {
      execFileSync('id', ['postgres'], { stdio: 'ignore' });
    } catch {
      return { skipped: 'running as root and there is no `postgres` user to run PostgreSQL as' };
    }
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'userhub-bench-pg-'));
  const data = path.join(work, 'data');
  const run = (tool, args) => {
    let cmd = [path.join(bin, tool), ...args];
    if (asRoot) cmd = ['runuser', '-u', 'postgres', '--', ...cmd];
    if (PIN && cpus) cmd = ['taskset', '-c', String(cpus), ...cmd];
    return execFileSync(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  };
  let started = false;
  const stopCluster = () => {
    if (started) {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        // already down
      }
      started = false;
    }
    fs.rmSync(work, { recursive: true, force: true });
  };
  atCleanup(stopCluster);
  if (asRoot) execFileSync('chown', ['postgres:postgres', work]);
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-locale', '-E', 'UTF8']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${work}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
  ].join(' ');
  run('pg_ctl', ['-D', data, '-l', path.join(work, 'pg.log'), '-w', '-o', options, 'start']);
  started = true;
  const version = /\d+(?:\.\d+)+/.exec(run('postgres', ['--version']))?.[0] ?? '?';
  const postmasterPid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  atCleanup(() => admin.end());
  let databases = 0;
  return {
    version,
    port,
    cpus: PIN ? cpus : null,
    /** A new empty database; returns its URL. */
    async createDatabase(prefix = 'bench') {
      const name = `${prefix}_${++databases}`;
      await admin.query(`CREATE DATABASE ${name}`);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    /** CPU time (ms) of the postmaster and all its children (the backends), ended ones included. */
    cpuMs() {
      let total = cpuMs(postmasterPid, { withEndedChildren: true });
      for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
          const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          if (ppid === postmasterPid) total += cpuMs(Number(entry));
        } catch {
          // gone meanwhile
        }
      }
      return total;
    },
    stop: stopCluster,
  };
}
