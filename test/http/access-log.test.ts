import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createTestDatabase } from '../helpers/database.js';

/** Collects the JSON log lines an app writes. */
function logSink() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, stream };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function appWith(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'userhub-log-'));
  const database = await createTestDatabase(dataDir);
  const config = loadConfig({ USERHUB_DATA_DIR: dataDir, USERHUB_DATABASE_URL: database.url, ...env });
  const sink = logSink();
  const app = await buildApp(config, { logDestination: sink.stream });
  cleanups.push(async () => {
    await app.close();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { app, lines: sink.lines };
}

describe('access log (USERHUB_ACCESS_LOG)', () => {
  it('off by default: requests write no log line', async () => {
    const { app, lines } = await appWith({});
    expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/profile' })).statusCode).toBe(401);
    expect(lines.filter((line) => 'req' in line || 'res' in line)).toEqual([]);
  });

  it('on: each request logs its arrival and its answer with method, path and status, never the query string', async () => {
    const { app, lines } = await appWith({ USERHUB_ACCESS_LOG: 'on' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/profile?token=abc' })).statusCode).toBe(401);
    const incoming = lines.find((line) => line.msg === 'incoming request');
    const completed = lines.find((line) => line.msg === 'request completed');
    expect(incoming).toMatchObject({ req: { method: 'GET', path: '/api/v1/profile', remoteAddress: '127.0.0.1' } });
    expect(JSON.stringify(lines)).not.toContain('token=abc');
    expect(completed).toMatchObject({ res: { statusCode: 401 } });
    expect(incoming?.reqId).toBe(completed?.reqId);
  });
});
