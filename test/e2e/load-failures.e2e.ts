import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers/client.js';
import { type TestServer, apiAs, axeViolations, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

/**
 * A page whose data did not load says so and offers "Try again", and never shows a form filled
 * with defaults in its place (whose Save would overwrite what is stored). The first load is
 * answered 503 by the browser itself (page.route); Try again, once the route is gone, loads the
 * stored values.
 */
describe('dashboard: failed loads', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: { id: string; username: string; password: string };
  let adminApi: TestClient;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
    admin = await server.createUser({ role: 'admin', username: 'loadadmin' });
    adminApi = await apiAs(server, admin);
  });
  afterAll(() => stopAll(browser, server));

  const SERVER_ERROR = 'Something went wrong on our side. Please try again later.';

  /** GETs of `path` (or those `path` matches) fail with a 503 problem until unrouted; other methods pass. */
  async function failing(page: Page, path: string | RegExp): Promise<(route: Route) => Promise<void>> {
    const handler = (route: Route) =>
      route.request().method() === 'GET'
        ? route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'server_error' }) })
        : route.continue();
    await page.route(typeof path === 'string' ? `**/api/v1${path}` : path, handler);
    return handler;
  }

  async function signedInAdmin() {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);
    return { context, page };
  }

  it('given the directory configuration fails to load, then only the problem and Try again show (no form), and Try again shows the stored connection', async () => {
    const configured = await adminApi.put('/api/v1/admin/directory', {
      enabled: false,
      url: 'ldaps://ldap.stored.example',
      bindDn: 'cn=stored,dc=example,dc=com',
      bindPassword: 'stored-secret',
      baseDn: 'ou=people,dc=example,dc=com',
      userFilter: '(objectClass=inetOrgPerson)',
      attributes: { id: 'entryUUID', username: 'uid', email: 'mail', displayName: 'cn' },
    });
    expect(configured.status, configured.text).toBe(200);
    const { context, page } = await signedInAdmin();
    const handler = await failing(page, '/admin/directory');
    await page.goto(`${server.url}/admin/directory`);
    await page.getByRole('alert').filter({ hasText: SERVER_ERROR }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    expect(await page.getByLabel('Server URL').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'load-failed-directory');

    await page.unroute('**/api/v1/admin/directory', handler);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.getByLabel('Server URL').inputValue()).toBe('ldaps://ldap.stored.example');
    expect(await page.getByLabel('Bind DN').inputValue()).toBe('cn=stored,dc=example,dc=com');
    expect(await page.getByRole('alert').filter({ hasText: SERVER_ERROR }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await context.close();
  });

  it('given the instance settings fail to load, then only the problem and Try again show, and Try again shows the stored settings', async () => {
    const changed = await adminApi.patch('/api/v1/admin/settings', { passwordPolicy: { minLength: 14 } });
    expect(changed.status, changed.text).toBe(200);
    const { context, page } = await signedInAdmin();
    const handler = await failing(page, '/admin/settings');
    await page.goto(`${server.url}/admin/settings`);
    await page.getByRole('alert').filter({ hasText: SERVER_ERROR }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    expect(await page.getByLabel('Minimum password length').count()).toBe(0);

    await page.unroute('**/api/v1/admin/settings', handler);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.getByLabel('Minimum password length').inputValue()).toBe('14');
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await context.close();
  });

  it('given a user page fails to load, then the problem and Try again show, and Try again shows the user; a user who does not exist gets no Try again', async () => {
    const user = await server.createUser({ username: 'loadme', displayName: 'Lola Loaded' });
    const { context, page } = await signedInAdmin();
    const path = `/admin/users/${user.id}`;
    const handler = await failing(page, path);
    await page.goto(`${server.url}${path}`);
    await page.getByRole('alert').filter({ hasText: SERVER_ERROR }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    expect(await page.getByLabel('Display name').count()).toBe(0);

    await page.unroute(`**/api/v1${path}`, handler);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.getByLabel('Display name').inputValue()).toBe('Lola Loaded');
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);

    // a refusal (404) is an answer: asking again would give the same one
    await page.goto(`${server.url}/admin/users/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await context.close();
  });

  it('given the apps fail to load on App passwords, then the problem and Try again show instead of "no apps", and Try again shows what is there', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    const apps = /\/api\/v1\/apps(\?|$)/;
    const handler = await failing(page, apps);
    await page.getByRole('link', { name: 'App passwords' }).click();
    await page.getByRole('alert').filter({ hasText: SERVER_ERROR }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    expect(await page.getByText('No apps have been registered yet.').count()).toBe(0);

    await page.unroute(apps, handler);
    await page.getByRole('button', { name: 'Try again' }).click();
    // none is registered on this server: now that is what it says
    await page.getByText('No apps have been registered yet. An administrator registers them.').waitFor();
    expect(await page.getByRole('alert').filter({ hasText: SERVER_ERROR }).count()).toBe(0);
    await context.close();
  });
});
