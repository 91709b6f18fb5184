import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Type } from 'typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { Problem, notFound } from '../../src/http/problem.js';
import { type Answer } from '../../src/http/status-walk.js';
import { createTestDatabase } from '../helpers/database.js';

/**
 * The status walk itself (BuildOptions.statusWalk, on in every test app): an answer the route
 * does not declare, or a code the catalogue does not declare with its status, makes close() fail.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function walkedApp(answers: Answer[] = []) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'userhub-walk-'));
  const database = await createTestDatabase(dataDir);
  cleanups.push(async () => {
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const config = loadConfig({ USERHUB_DATA_DIR: dataDir, USERHUB_DATABASE_URL: database.url, USERHUB_LOG_LEVEL: 'silent' });
  const app = await buildApp(config, { logger: false, statusWalk: { onAnswer: (answer) => answers.push(answer) } });
  const documented = { schema: { security: [], response: { 200: Type.Object({ ok: Type.Boolean() }) } } };
  app.get('/api/v1/walk/missing', documented, async () => {
    throw notFound('session_not_found');
  });
  app.get('/api/v1/walk/ok', documented, async () => ({ ok: true }));
  app.get('/api/v1/walk/miscoded', { schema: { security: [], response: { 200: Type.Object({}), 409: Type.Object({}) } } }, async () => {
    throw notFound('session_not_found').withStatus(409);
  });
  app.get('/api/v1/walk/undocumented', { schema: { hide: true } }, async () => {
    throw new Problem(404, 'not_found');
  });
  return app;
}

describe('status walk', () => {
  it('given answers every route declares, then close() succeeds and each answer was seen', async () => {
    const answers: Answer[] = [];
    const app = await walkedApp(answers);
    expect((await app.inject({ method: 'GET', url: '/api/v1/walk/ok' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/walk/ok?x=%ED%A0%80' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/v1/walk/undocumented' })).statusCode).toBe(404);
    await app.close();
    expect(answers).toEqual([
      { method: 'GET', route: '/api/v1/walk/ok', status: 200, code: null },
      { method: 'GET', route: '/api/v1/walk/ok', status: 400, code: 'malformed_url' },
    ]);
  });

  it('given a status the route does not declare, then close() fails naming route, status and code', async () => {
    const app = await walkedApp();
    expect((await app.inject({ method: 'GET', url: '/api/v1/walk/missing' })).statusCode).toBe(404);
    await expect(app.close()).rejects.toThrow('GET /api/v1/walk/missing 404 session_not_found: the route does not declare 404');
  });

  it('given a code answered with a status the catalogue does not declare for it, then close() fails', async () => {
    const app = await walkedApp();
    expect((await app.inject({ method: 'GET', url: '/api/v1/walk/miscoded' })).statusCode).toBe(409);
    await expect(app.close()).rejects.toThrow('the catalogue does not declare session_not_found with 409');
  });
});
