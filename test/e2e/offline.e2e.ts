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
});
