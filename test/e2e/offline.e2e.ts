import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

/** Issue 18 point 2: network trouble is visible, and the way out of it is one click. */
describe('dashboard: network trouble', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given a view whose code cannot be fetched, then the page says so with a retry, the navigation still works, and the retry loads it once the network is back', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    // the Sessions view is its own chunk, fetched when first opened
    let offline = true;
    await context.route(/\/assets\/SessionsView-[^/]+\.js$/, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
    await page.getByRole('link', { name: 'Sessions' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
    await alert.waitFor();
    await screenshots(page, 'offline-view');
    // the rest of the dashboard keeps working
    await page.getByRole('link', { name: 'Profile' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Profile');
    await page.getByRole('link', { name: 'Sessions' }).click();
    await alert.waitFor();
    offline = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sessions');
    await context.close();
  });

  it('given the browser goes offline, then a banner says so, a save fails at once and says so, and it is not sent later by itself', async () => {
    const user = await server.createUser({ displayName: 'Before Offline' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await context.setOffline(true);
    await page.getByTestId('offline-banner').waitFor();
    expect(await page.getByTestId('offline-banner').textContent()).toBe('You are offline. Nothing can be saved until the connection is back.');
    await page.getByLabel('Display name').fill('While Offline');
    const started = Date.now();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'The server cannot be reached' }).waitFor();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isEnabled()).toBe(true);
    await screenshots(page, 'offline-save');

    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('offline-banner').count()).toBe(0);
    // back online, nothing is replayed behind the user's back
    await page.waitForTimeout(2_000);
    const api = await context.request.get(`${server.url}/api/v1/profile`);
    expect(((await api.json()) as { displayName: string }).displayName).toBe('Before Offline');
    // pressing Save again is what sends it
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    expect(((await (await context.request.get(`${server.url}/api/v1/profile`)).json()) as { displayName: string }).displayName).toBe('While Offline');
    await context.close();
  });

  it('given a list whose requests fail, then within seconds it says so with a retry that loads it once the network is back', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    let down = true;
    await context.route(/\/api\/v1\/tokens(\?|$)/, (route) => (down ? route.abort('internetdisconnected') : route.continue()));
    const started = Date.now();
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('alert').filter({ hasText: 'The server cannot be reached' }).waitFor({ timeout: 15_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    down = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('You have no API tokens.').waitFor();
    await context.close();
  });

  it('given a save the server never answers, then after the time limit it says so instead of spinning forever', async () => {
    const user = await server.createUser({ displayName: 'Slow Save' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await context.route('**/api/v1/profile', (route) => (route.request().method() === 'PATCH' ? undefined : route.continue()));
    await page.getByLabel('Display name').fill('Never Arrives');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'The server did not answer in time' }).waitFor({ timeout: 40_000 });
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isEnabled()).toBe(true);
    await context.close();
  });
});
