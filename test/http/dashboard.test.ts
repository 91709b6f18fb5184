import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { PAGE_CSP } from '../../src/http/request-hygiene.js';
import { createTestDatabase } from '../helpers/database.js';

/** The dashboard's static files and the SPA fallback, against a small fake build (no Vite needed). */

let app: FastifyInstance;
let dataDir: string;
let drop: () => Promise<void>;
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'userhub-dashboard-'));
  const webDir = path.join(dataDir, 'web');
  fs.mkdirSync(path.join(webDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(webDir, 'index.html'), INDEX);
  fs.writeFileSync(path.join(webDir, 'assets/index-abc123.js'), 'console.log("hi")');
  fs.writeFileSync(path.join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(dataDir, 'secret.txt'), 'outside the web root');
  const database = await createTestDatabase(dataDir);
  drop = database.drop;
  const config = loadConfig({ USERHUB_DATA_DIR: dataDir, USERHUB_DATABASE_URL: database.url, USERHUB_LOG_LEVEL: 'silent' });
  app = await buildApp(config, { logger: false, webDir });
});
afterAll(async () => {
  await app.close();
  await drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('dashboard at /', () => {
  it('given the root, when a browser asks, then it gets the page with the strict page CSP and no caching', async () => {
    const res = await app.inject({ method: 'GET', url: '/', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toBe(INDEX);
    expect(res.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('given a client-side route, when it is reloaded, then the page is served (SPA fallback)', async () => {
    for (const url of ['/sessions', '/admin/users', '/reset?token=abc', '/confirm-email?token=x']) {
      const res = await app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(INDEX);
    }
  });

  it('given a Range outside a file or a failed If-Match, then the status stays, as problem+json with its code', async () => {
    const range = await app.inject({ method: 'GET', url: '/favicon.svg', headers: { range: 'bytes=5000-6000' } });
    expect(range.statusCode).toBe(416);
    expect(range.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(range.json()).toMatchObject({ status: 416, code: 'range_not_satisfiable' });
    const ifMatch = await app.inject({ method: 'GET', url: '/favicon.svg', headers: { 'if-match': '"not-the-etag"' } });
    expect(ifMatch.statusCode).toBe(412);
    expect(ifMatch.json()).toMatchObject({ status: 412, code: 'precondition_failed' });
  });

  it('given a built asset, then it is served as it is, cacheable for good', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('given a missing asset, then 404 (never the page in place of a script)', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-old999.js', headers: html });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('<div id="root">');
  });

  it('given an unknown API path, even from a browser, then it stays a problem+json 404', async () => {
    for (const url of ['/api/v1/nothing-here', '/api/nothing', '/api']) {
      const res = await app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(res.json(), url).toMatchObject({ status: 404, code: 'not_found' });
    }
  });

  it('given the API, then it still answers JSON next to the dashboard', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/health', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('given a non-browser client on an unknown page path, then 404 rather than HTML', async () => {
    const res = await app.inject({ method: 'GET', url: '/something', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('given path traversal attempts, then nothing outside the web root is served', async () => {
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00', '/%E0%A4%A']) {
      const res = await app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.body, url).not.toContain('outside the web root');
    }
  });

  it('given an unsafe method on a page path, then 404 problem, not the page', async () => {
    const res = await app.inject({ method: 'POST', url: '/sessions', headers: { ...html, 'content-type': 'application/json' }, payload: '{}' });
    expect(res.statusCode).toBe(404);
  });

  it('given a HEAD request for the page, then 200 without a body', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/profile', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
  });
});

describe('without a built dashboard', () => {
  it('given no dist/web, then the API works and / is a 404 problem', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'userhub-noweb-'));
    const database = await createTestDatabase(dir);
    const config = loadConfig({ USERHUB_DATA_DIR: dir, USERHUB_DATABASE_URL: database.url, USERHUB_LOG_LEVEL: 'silent' });
    const bare = await buildApp(config, { logger: false, webDir: path.join(dir, 'missing') });
    try {
      expect((await bare.inject({ method: 'GET', url: '/', headers: html })).statusCode).toBe(404);
      expect((await bare.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    } finally {
      await bare.close();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
