import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../src/http/error-handler.js';
import type { Logger } from '../../src/lib/logger.js';

describe('unhandled errors', () => {
  it('answer 500 internal_error as problem+json without internals, and go to the application log', async () => {
    const logged: { details: object; message?: string }[] = [];
    const log: Logger = { info: () => undefined, warn: () => undefined, error: (details, message) => logged.push({ details, message }) };
    const app = Fastify({ logger: false });
    registerErrorHandling(app, log);
    app.get('/boom', async () => {
      throw new Error('connection string postgres://secret@db');
    });

    const res = await app.inject({ method: 'GET', url: '/boom?token=abc' });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 500, code: 'internal_error' });
    expect(res.body).not.toContain('secret');

    expect(logged).toHaveLength(1);
    expect(logged[0]?.message).toBe('unhandled error');
    expect(logged[0]?.details).toMatchObject({ method: 'GET', url: '/boom', err: expect.any(Error) });
    expect(JSON.stringify(logged[0]?.details)).not.toContain('token=abc');
    await app.close();
  });
});
