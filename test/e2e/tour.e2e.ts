import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, assertNoHorizontalOverflow, MOBILE, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

/** Every view once, as an administrator: headings, screenshots at 1280 and 375 px, keyboard and mobile navigation. */
describe('dashboard: a tour of every view', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given an administrator, when they open each view from the navigation, then each renders and fits 375 px', async () => {
    const admin = await server.createUser({ role: 'admin', displayName: 'Grace Hopper' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);

    const views: [string, string, string][] = [
      ['Security', 'Security', 'security'],
      ['API tokens', 'API tokens', 'tokens'],
      ['App passwords', 'App passwords', 'app-passwords'],
      ['Organisations', 'Organisations', 'accounts'],
      ['Activity', 'Activity', 'activity-admin'],
      ['Administration', 'Administration', 'admin-users'],
    ];
    for (const [link, heading, shot] of views) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
      await page.waitForLoadState('networkidle');
      await screenshots(page, shot);
    }
    const tabs = [['Settings', 'settings', 'admin-settings'], ['Organisations', 'accounts', 'admin-accounts'], ['Apps', 'apps', 'admin-apps'], ['Directory', 'directory', 'admin-directory']] as const;
    for (const [tab, route, shot] of tabs) {
      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: tab }).click();
      await page.waitForURL(new RegExp(`/admin/${route}$`));
      await page.waitForLoadState('networkidle');
      await screenshots(page, shot);
    }
    await context.close();
  });

  it('given a phone-sized screen, when the menu is opened, then the navigation slides in and a link closes it', async () => {
    const user = await server.createUser();
    const context = await newContext(browser, MOBILE);
    const page = await context.newPage();
    await signIn(page, server, user);
    // sign-in lands on Profile: a click before that navigation would be undone by it (the drawer closes on every route change)
    await page.waitForURL(/\/profile$/);
    await page.getByLabel('Display name').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await nav.waitFor({ state: 'visible' });
    expect(await page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('true');
    await screenshots(page, 'mobile-menu');
    await nav.getByRole('link', { name: 'Sessions' }).click();
    await page.waitForURL(/\/sessions$/);
    await nav.waitFor({ state: 'hidden' });
    await assertNoHorizontalOverflow(page, 'sessions-mobile');
    await context.close();
  });

  it('given only a keyboard, when the user signs in and moves around, then focus is visible and every step works', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/signin`);
    // The username field has focus on arrival (and offers passkeys by autofill).
    await page.getByLabel('Username or email').waitFor();
    expect(await page.evaluate('document.activeElement.getAttribute("autocomplete")')).toBe('username webauthn');
    await page.keyboard.type(user.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    await page.getByTestId('shell').waitFor();

    // First Tab reaches the skip link, which moves focus to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');

    // Tab into the navigation and open Sessions with Enter.
    await page.getByRole('link', { name: 'Sessions' }).focus();
    const navOutline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(navOutline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/sessions$/);
    await context.close();
  });

  it('given an administrator, when they create a user from the users view, then the generated password is shown once and the user is listed', async () => {
    const admin = await server.createUser({ role: 'admin' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);
    await page.goto(`${server.url}/admin/users`);
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Username').fill('newperson');
    await dialog.getByLabel('Primary email').fill('newperson@example.com');
    await dialog.getByLabel('Display name').fill('New Person');
    // a password the server generates, not temporary (an invitation is the dialog's default)
    await dialog.getByLabel('Set a password').check();
    await dialog.getByLabel('Require a new password at first sign-in').uncheck();
    await dialog.getByRole('button', { name: 'Create user' }).click();
    const generated = (await dialog.getByTestId('generated-password').textContent()) ?? '';
    expect(generated.length).toBeGreaterThanOrEqual(16);
    await screenshots(page, 'admin-user-created');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByTestId('admin-users').getByRole('link', { name: 'Open newperson', exact: true }).waitFor();

    // The new person can sign in with it.
    const theirs = await newContext(browser);
    const theirPage = await theirs.newPage();
    await signIn(theirPage, server, { username: 'newperson', password: generated });
    await expect.poll(() => theirPage.getByTestId('topbar-name').textContent()).toBe('New Person');
    await theirs.close();
    await context.close();
  });
});
