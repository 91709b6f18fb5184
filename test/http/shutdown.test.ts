import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers/app.js';

describe('while the server shuts down', () => {
  it('given a request that arrives after close began, then 503 shutting_down as problem+json, with Connection: close and the security headers', async () => {
    const t = await setupApp();
    let closed: Promise<void> | null = null;
    try {
      // the request is injected while close's preClose hooks run: the app no longer takes work
      t.app.addHook('preClose', async () => {
        const started = Date.now();
        const res = await t.app.inject({ method: 'GET', url: '/api/v1/health?secret=do-not-echo' });
        expect(Date.now() - started).toBeLessThan(1000);
        expect(res.statusCode).toBe(503);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({ status: 503, code: 'shutting_down' });
        expect(res.headers.connection).toBe('close');
        expect(res.headers['retry-after']).toBe('1');
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.body).not.toContain('do-not-echo');
      });
      closed = t.close();
    } finally {
      await closed;
    }
  });
});
