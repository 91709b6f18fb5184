import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, isListening } from './net.js';
import { SYSTEM_FILES } from './system.js';

export const NGINX_BINARY = SYSTEM_FILES.nginx;

export interface RunningNginx {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** what nginx wrote to stderr (its error log) */
  log(): string;
  stop(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, log: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${log()}`);
    if (await isListening(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${port} within ${timeoutMs} ms:\n${log()}`);
}

/**
 * Starts the real Debian nginx in the foreground on a loopback port, with a generated
 * configuration in a temp dir; `serverBody` is the inside of its one `server { }` block.
 */
export async function startNginx(serverBody: (port: number) => string): Promise<RunningNginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'userhub-nginx-'));
  // workers drop to an unprivileged user when the master runs as root: let them reach the temp dirs
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const conf = `
worker_processes 1;
events { worker_connections 128; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
${serverBody(port)}
  }
}
`;
  const confPath = path.join(dir, 'nginx.conf');
  fs.writeFileSync(confPath, conf);
  let stderr = '';
  const child = spawn(NGINX_BINARY, ['-e', 'stderr', '-p', dir, '-c', confPath, '-g', `daemon off; pid ${dir}/nginx.pid; error_log stderr;`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, port, log: () => stderr, stop };
}
