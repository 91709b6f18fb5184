import http from 'node:http';
import type net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type TestApp, setupApp } from '../helpers/app.js';
import { connect, listen, parseRaw, rawExchange } from '../helpers/raw-http.js';

/** A plain GET from a chosen local address (Linux routes all of 127.0.0.0/8 to loopback). */
function health(port: number, localAddress: string): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/health', localAddress, agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

const closed = (socket: net.Socket, withinMs: number) =>
  new Promise<boolean>((resolve) => {
    if (socket.destroyed) return resolve(true);
    socket.resume(); // read, so that the server's FIN is seen
    socket.on('error', () => {});
    const timer = setTimeout(() => resolve(false), withinMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

const sockets: net.Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

describe('the defaults', () => {
  it('cut a stalled body within 30 s, slow headers within 10 s, cap connections per address unless behind a proxy', () => {
    const { connections } = loadConfig({});
    expect(connections.requestTimeoutMs + 1_000).toBeLessThanOrEqual(30_000);
    expect(connections.headersTimeoutMs).toBe(10_000);
    expect(connections.keepAliveTimeoutMs).toBe(72_000);
    expect(connections.maxConnectionsPerIp).toBe(200);
    expect(loadConfig({ USERHUB_TRUST_PROXY: 'true' }).connections.maxConnectionsPerIp).toBe(0);
    expect(() => loadConfig({ USERHUB_HEADERS_TIMEOUT: '40s', USERHUB_REQUEST_TIMEOUT: '30s' })).toThrow(/USERHUB_HEADERS_TIMEOUT/);
    expect(() => loadConfig({ USERHUB_MAX_CONNECTIONS_PER_IP: 'many' })).toThrow(/USERHUB_MAX_CONNECTIONS_PER_IP/);
  });
});

describe('slow clients are cut off (short timeouts, real TCP)', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await setupApp({
      USERHUB_HEADERS_TIMEOUT: '400ms',
      USERHUB_REQUEST_TIMEOUT: '800ms',
      USERHUB_KEEP_ALIVE_TIMEOUT: '300ms',
      USERHUB_MAX_CONNECTIONS_PER_IP: '0',
    });
    port = await listen(t.app);
  });
  afterAll(async () => t.close());

  it('given a body that stalls, then 408 request_timeout as problem+json and the connection closes', async () => {
    const res = await rawExchange(
      port,
      ['POST /api/v1/auth/login HTTP/1.1\r\nHost: userhub.test\r\nOrigin: http://userhub.test\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"username":'],
      4_000,
    );
    expect(res.status, 'the server never closed the connection').toBe(408);
    expect(res.closedAfterMs).toBeLessThan(2_500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body)).toMatchObject({ status: 408, code: 'request_timeout' });
  });

  /** Sends `start`, then `drip` every 100 ms; resolves with how long until the server closed the socket. */
  async function trickle(start: string, drip: string): Promise<number> {
    const socket = await connect(port);
    sockets.push(socket);
    const started = Date.now();
    socket.write(start);
    const timer = setInterval(() => socket.writable && socket.write(drip), 100);
    try {
      expect(await closed(socket, 4_000), 'the server never closed the connection').toBe(true);
      return Date.now() - started;
    } finally {
      clearInterval(timer);
    }
  }

  it('given a body trickled a byte at a time, then it is cut at the request deadline all the same', async () => {
    const start = 'POST /api/v1/auth/login HTTP/1.1\r\nHost: userhub.test\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n';
    expect(await trickle(start, ' ')).toBeLessThan(2_500);
  });

  it('given headers sent slowly (slowloris), then the connection is closed at the headers deadline', async () => {
    expect(await trickle('GET /api/v1/health HTTP/1.1\r\nHost: userhub.test\r\n', 'X-a: b\r\n')).toBeLessThan(2_000);
  });

  it('given a kept-alive connection left idle, then it is closed after the keep-alive timeout', async () => {
    const socket = await connect(port);
    sockets.push(socket);
    let raw = '';
    socket.on('data', (chunk) => (raw += chunk.toString()));
    socket.write('GET /api/v1/health HTTP/1.1\r\nHost: userhub.test\r\n\r\n');
    expect(await closed(socket, 4_000)).toBe(true);
    expect(parseRaw(raw).status).toBe(200);
  });
});

describe('connections per client address are capped', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await setupApp({ USERHUB_MAX_CONNECTIONS_PER_IP: '20' });
    port = await listen(t.app);
  });
  afterAll(async () => t.close());

  it('given the cap reached from one address, then its next connection is closed at once and others are served', async () => {
    for (let i = 0; i < 20; i++) sockets.push(await connect(port));
    const over = await connect(port);
    sockets.push(over);
    expect(await closed(over, 1_000)).toBe(true);
    expect(sockets.slice(0, 20).every((s) => !s.destroyed)).toBe(true);
    expect((await health(port, '127.0.0.2')).status).toBe(200);
    // a freed slot can be used again
    sockets[0]!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await health(port, '127.0.0.1')).status).toBe(200);
  });

  it('given 500 slow sockets from one address, then the server still answers a normal request promptly', async () => {
    const slow = await Promise.all(Array.from({ length: 500 }, () => connect(port).catch(() => null)));
    for (const socket of slow) {
      if (!socket) continue;
      sockets.push(socket);
      socket.on('error', () => {});
      socket.resume();
      socket.write('GET /api/v1/health HTTP/1.1\r\nHost: userhub.test\r\nX-Slow: ');
    }
    let held = Infinity;
    for (let i = 0; i < 40 && held > 20; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      held = slow.filter((s) => s && !s.destroyed).length;
    }
    expect(held).toBeLessThanOrEqual(20);
    const res = await health(port, '127.0.0.3');
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1_000);
  });
});
