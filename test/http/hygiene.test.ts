import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

describe('HTTP hygiene', () => {
  it('GET /api/v1/health answers ok after a database round-trip', async () => {
    const res = await t.anonymous().get('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('an unknown route is a problem+json 404 with a code', async () => {
    expectProblem(await t.anonymous().get('/api/v1/nothing-here'), 404, 'not_found');
    expectProblem(await t.anonymous().post('/api/v1/nothing-here', {}), 404, 'not_found');
  });

  it('API responses carry nosniff, a strict CSP, no-referrer and Cache-Control: no-store', async () => {
    const res = await t.anonymous().get('/api/v1/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    const problem = await t.anonymous().get('/api/v1/profile');
    expect(problem.headers['x-content-type-options']).toBe('nosniff');
    expect(problem.headers['cache-control']).toBe('no-store');
  });

  it('a body over 1 MB is 413 payload_too_large', async () => {
    const { client } = await t.signedInUser();
    const res = await client.patch('/api/v1/profile', { displayName: 'x'.repeat(1024 * 1024 + 10) });
    expectProblem(res, 413, 'payload_too_large');
  });

  it('a wrong media type is 415 unsupported_media_type', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.patch('/api/v1/profile', undefined, { raw: '<xml/>', headers: { 'content-type': 'application/xml' } }), 415, 'unsupported_media_type');
    expectProblem(await client.patch('/api/v1/profile', undefined, { raw: 'displayName=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
  });

  it('a schema error names the field and never leaks internals', async () => {
    const { client } = await t.signedInUser();
    const res = await client.patch('/api/v1/profile', { newsletter: 'yes' });
    expectProblem(res, 400, 'invalid_request');
    expect(res.body.detail).toContain('newsletter');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+|node_modules/);
  });

  describe('CSRF', () => {
    it('a cookie request with a foreign Origin is 403 csrf_rejected and changes nothing', async () => {
      const { client } = await t.signedInUser({ displayName: 'Before' });
      const res = await client.patch('/api/v1/profile', { displayName: 'After' }, { headers: { origin: 'https://attacker.example' } });
      expectProblem(res, 403, 'csrf_rejected');
      expect((await client.get('/api/v1/profile')).body.displayName).toBe('Before');
    });

    it('a cookie request without Origin needs X-Requested-With: userhub', async () => {
      const { client } = await t.signedInUser();
      expectProblem(await client.patch('/api/v1/profile', { newsletter: true }, { noOrigin: true }), 403, 'csrf_rejected');
      const ok = await client.patch('/api/v1/profile', { newsletter: true }, { noOrigin: true, headers: { 'x-requested-with': 'userhub' } });
      expect(ok.status).toBe(200);
    });

    it('the request’s own origin (Host) is accepted as same-origin', async () => {
      const { client } = await t.signedInUser();
      const res = await client.patch('/api/v1/profile', { newsletter: true }, { headers: { origin: 'http://localhost:80', host: 'localhost:80' } });
      expect(res.status).toBe(200);
    });

    it('GET needs no Origin', async () => {
      const { client } = await t.signedInUser();
      expect((await client.get('/api/v1/profile', { headers: { origin: 'https://attacker.example' } })).status).toBe(200);
    });
  });

  it('never accepts a credential in the URL', async () => {
    const { client } = await t.signedInUser();
    const anon = t.anonymous();
    expectProblem(await anon.get(`/api/v1/profile?userhub_session=${client.cookie}`), 401, 'unauthenticated');
    expectProblem(await anon.get(`/api/v1/profile?access_token=${client.cookie}`), 401, 'unauthenticated');
  });

  it('OpenAPI 3.1 is generated from the routes and the docs page is served', async () => {
    const spec = await t.anonymous().get('/api/v1/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/auth/login', '/api/v1/profile', '/api/v1/profile/password', '/api/v1/sessions', '/api/v1/admin/users/{id}']) {
      expect(Object.keys(spec.body.paths)).toContain(path);
    }
    expect(spec.body.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });
});

describe('NUL characters (PostgreSQL text cannot hold them)', () => {
  it('are refused with 400 in emails, searches and ids, never a 500', async () => {
    const { client } = await t.signedInUser();
    // text-hygiene.ts refuses them in every field before any rule runs (test/http/text-hygiene.abuse.test.ts)
    expectProblem(await client.patch('/api/v1/profile', { email: 'a\u0000b@example.com' }), 400, 'invalid_request');
    expectProblem(await client.patch('/api/v1/profile', { recoveryEmail: 'a\u0000b@example.com' }), 400, 'invalid_request');
    expectProblem(await client.patch('/api/v1/profile', { displayName: 'a\u0000b' }), 400, 'invalid_request');
    expectProblem(await client.patch('/api/v1/profile', { timezone: 'UTC\u0000' }), 400, 'invalid_request');
    const admin = (await t.signedInUser({ role: 'admin' })).client;
    expectProblem(await admin.get('/api/v1/admin/users?q=%00'), 400, 'invalid_request');
    expectProblem(await admin.post('/api/v1/admin/users', { username: 'nul', email: 'n\u0000l@example.com' }), 400, 'invalid_request');
    expectProblem(await admin.get('/api/v1/admin/users/a%00b'), 400, 'invalid_request');
  });
});
