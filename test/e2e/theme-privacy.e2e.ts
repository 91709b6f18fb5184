import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, apiAs, axeViolations, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

/** Every view of the dashboard a signed-in admin reaches from the navigation. */
const EVERY_VIEW = ['profile', 'security', 'sessions', 'tokens', 'app-passwords', 'connected-apps', 'accounts', 'activity', 'admin/users', 'admin/settings', 'admin/accounts', 'admin/apps', 'admin/directory', 'admin/audit'];

/**
 * Issue 18, points 10 and 11: a new instance loads nothing from a third-party host (Gravatar is
 * off, avatars are initials) until an admin turns Gravatar on; the theme follows
 * prefers-color-scheme unless the user picks light or dark in Preferences, saved to the profile,
 * and every view checked here is readable in both (axe, contrast included).
 */

/** Every host the page asked for something, besides the server itself. */
function thirdPartyRequests(page: Page, origin: string): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:') seen.push(url.origin);
  });
  return seen;
}

const themeOf = (page: Page) => page.evaluate('document.documentElement.dataset.theme');
/** The page's own colour (styles.css paints it on :root). */
const background = (page: Page) => page.evaluate('getComputedStyle(document.documentElement).backgroundColor');

describe('privacy by default and dark mode', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given a new instance, then avatars are initials and no request leaves the origin; an admin turns Gravatar on and the avatar comes from gravatar.com', async () => {
    const admin = await server.createUser({ role: 'admin', displayName: 'Ada Admin' });
    const context = await newContext(browser);
    // the machine is offline: Gravatar's answer is made up here, the request is what counts
    await context.route('https://www.gravatar.com/**', (route) => route.fulfill({ status: 404, body: '' }));
    const page = await context.newPage();
    const foreign = thirdPartyRequests(page, new URL(server.url).origin);
    await signIn(page, server, admin);
    await expect.poll(() => page.locator('.topbar img, .topbar .avatar-initials').first().count()).toBe(1);
    const avatar = page.locator('.topbar .avatar').first();
    const src = await avatar.getAttribute('src');
    expect(src === null || src.startsWith('/api/v1/media/initials/')).toBe(true);
    for (const view of ['/profile', '/security', '/sessions', '/tokens', '/admin/users', '/admin/settings']) {
      await page.goto(`${server.url}${view}`);
      await page.getByTestId('shell').waitFor();
      await page.waitForLoadState('networkidle');
    }
    expect(foreign).toEqual([]);

    await page.getByLabel('Use Gravatar').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await page.goto(`${server.url}/profile`);
    await page.getByTestId('shell').waitFor();
    await expect.poll(() => foreign.includes('https://www.gravatar.com')).toBe(true);
    await context.close();
  });

  it('given a dark system, then the dashboard is dark; Light in Preferences wins and is saved; System follows the system again', async () => {
    const user = await server.createUser({ displayName: 'Dee Dark' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.url}/signin`);
    await expect.poll(() => themeOf(page)).toBe('dark');
    expect(await axeViolations(page)).toEqual([]);
    await signIn(page, server, user);
    await expect.poll(() => themeOf(page)).toBe('dark');
    const dark = await background(page);
    expect(dark).toBe('rgb(15, 19, 24)');

    const theme = page.getByLabel('Theme');
    expect(await theme.inputValue()).toBe('system');
    await theme.selectOption('light');
    await expect.poll(() => themeOf(page)).toBe('light');
    expect(await background(page)).toBe('rgb(244, 246, 250)');
    await page.reload();
    await page.getByTestId('shell').waitFor();
    await expect.poll(() => page.getByLabel('Theme').inputValue()).toBe('light');
    expect(await themeOf(page)).toBe('light');

    // another browser, where nothing is remembered: the profile carries the choice
    const elsewhere = await (await newContext(browser)).newPage();
    await elsewhere.emulateMedia({ colorScheme: 'dark' });
    await signIn(elsewhere, server, user);
    await expect.poll(() => themeOf(elsewhere)).toBe('light');
    await elsewhere.context().close();

    await page.getByLabel('Theme').selectOption('system');
    await expect.poll(() => themeOf(page)).toBe('dark');
    // the system turns light while the page is open: the page follows
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => themeOf(page)).toBe('light');
    await context.close();
  });

  it('given each theme, then every view has no axe violation (contrast included), with screenshots in both', async () => {
    const admin = await server.createUser({ role: 'admin', displayName: 'Vera Views' });
    const api = await apiAs(server, admin);
    const created = await api.post('/api/v1/admin/accounts', { name: 'Themed Vendor', type: 'vendor' });
    expect(created.status, created.text).toBe(201);
    const organisation: string = created.body.id;
    expect((await api.post(`/api/v1/admin/accounts/${organisation}/groups`, { name: 'Staff' })).status).toBe(201);
    for (const scheme of ['light', 'dark'] as const) {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await signIn(page, server, admin);
      for (const view of [...EVERY_VIEW, `admin/accounts/${organisation}`]) {
        await page.goto(`${server.url}/${view}`);
        await page.getByTestId('shell').waitFor();
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.waitForLoadState('networkidle');
        expect(await themeOf(page)).toBe(scheme);
        expect(await axeViolations(page), `${view} (${scheme})`).toEqual([]);
        if (view === 'profile' || view === 'security' || view === 'admin/users') await screenshots(page, `theme-${scheme}-${view.replace('/', '-')}`);
      }
      await context.close();
    }
  });
});
