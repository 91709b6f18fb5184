import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

/**
 * Every admin route, walked from the OpenAPI document: the guard answers before the body is
 * validated, so a non-admin learns nothing about what a route accepts (403, never 400).
 */
let t: TestApp;
let plainUser: TestClient;
let routes: { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string }[];

beforeAll(async () => {
  t = await setupApp();
  plainUser = (await t.signedInUser()).client;
  const doc = (await t.anonymous().get('/api/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/v1/admin/'))
    .flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase() as 'GET', path: path.replace(/\{[^}]+\}/g, 'some-id') })),
    );
});
afterAll(async () => t.close());

describe('admin guards run before body validation', () => {
  it('the walk covers every admin area', () => {
    const areas = new Set(routes.map((r) => r.path.split('/')[4]));
    for (const area of ['users', 'settings', 'accounts', 'apps', 'directory']) expect(areas).toContain(area);
  });

  it('given a signed-in non-admin and an invalid body, then every admin route answers 403 admin_required', async () => {
    for (const route of routes) {
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : { not: ['a', 'valid', 'body'], username: 42 };
      const res = await plainUser.request(route.method, route.path, body);
      expectProblem(res, 403, 'admin_required');
    }
  });

  it('given no credentials and an invalid body, then every admin route answers 401', async () => {
    for (const route of routes) {
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : { not: 'valid' };
      expectProblem(await t.anonymous().request(route.method, route.path, body), 401, 'unauthenticated');
    }
  });
});
