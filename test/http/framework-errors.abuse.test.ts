import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, setupApp } from '../helpers/app.js';
import { type RawResponse, listen, rawExchange } from '../helpers/raw-http.js';

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await setupApp({ USERHUB_ORIGIN: 'https://userhub.example' });
  port = await listen(t.app);
});
afterAll(async () => t.close());

const MARKER = 'SECRETPATHMARKER';

/** problem+json with our security headers, no-store, and nothing of the request in the body. */
function expectRawProblem(res: RawResponse, status: number, code: string): void {
  expect(res.status, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  const body = JSON.parse(res.body);
  expect(body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(res.body).not.toContain(MARKER);
  expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
}

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: userhub.example\r\n${extra}\r\n`;

describe('framework-level errors are RFC 9457 with our headers and never echo the URL', () => {
  it('given a path that does not percent-decode, then 400 malformed_url', async () => {
    for (const path of [`/api/v1/admin/users/${MARKER}%E0%A4%A`, `/api/v1/${MARKER}/%FF`, `/${MARKER}%E0%A4%A`]) {
      expectRawProblem(await rawExchange(port, [get(path, 'Connection: close\r\n')]), 400, 'malformed_url');
    }
  });

  it('given an id longer than the router allows, then 404 not_found, not 414', async () => {
    for (const path of [`/api/v1/admin/users/${MARKER}${'x'.repeat(300)}`, `/api/v1/sessions/${MARKER}${'y'.repeat(5000)}`]) {
      expectRawProblem(await rawExchange(port, [get(path, 'Connection: close\r\n')]), 404, 'not_found');
    }
  });

  it('given an unknown route, then 404 without the path in the body', async () => {
    expectRawProblem(await rawExchange(port, [get(`/api/v1/${MARKER}`, 'Connection: close\r\n')]), 404, 'not_found');
  });

  it('given headers over the size limit, then 431 headers_too_large', async () => {
    const res = await rawExchange(port, [get(`/api/v1/health?${MARKER}`, `Cookie: ${'a'.repeat(20_000)}\r\n`)]);
    expectRawProblem(res, 431, 'headers_too_large');
    expect(res.headers.connection).toBe('close');
  });

  it.each([
    ['two different Content-Lengths', 'Content-Length: 2\r\nContent-Length: 3\r\n'],
    ['a Content-Length that is not a number', 'Content-Length: 1x\r\n'],
    ['Content-Length with chunked Transfer-Encoding', 'Content-Length: 2\r\nTransfer-Encoding: chunked\r\n'],
  ])('given %s, then 400 bad_request', async (_name, headers) => {
    const res = await rawExchange(port, [`POST /api/v1/auth/login?${MARKER} HTTP/1.1\r\nHost: userhub.example\r\nContent-Type: application/json\r\n${headers}\r\n{}`]);
    expectRawProblem(res, 400, 'bad_request');
  });

  it('given a request line that is not HTTP, then 400 bad_request', async () => {
    expectRawProblem(await rawExchange(port, [`GET /${MARKER} HTTQ/9\r\n\r\n`]), 400, 'bad_request');
    expectRawProblem(await rawExchange(port, [`\u0001\u0002${MARKER}\r\n\r\n`]), 400, 'bad_request');
  });
});

describe('HSTS', () => {
  it('given an https origin, then every answer carries Strict-Transport-Security, API and dashboard; given http, none', async () => {
    for (const url of ['/api/v1/health', '/api/v1/profile', '/']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['strict-transport-security'], url).toBe('max-age=31536000; includeSubDomains');
    }
    // an http origin: none (it would pin a host that has no TLS)
    const plain = await setupApp();
    try {
      const res = await plain.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});
