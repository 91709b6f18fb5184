import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, MOBILE, apiAs, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

/**
 * The administration with depth: the users table (filter, sort), a user's page (end a session,
 * see what happened), and the audit that names who did it.
 */
describe('dashboard: admin users table, user page and audit', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given users, when an admin filters and sorts the table, then the rows follow; a user manager sees plain users only', async () => {
    const admin = await server.createUser({ role: 'admin', username: 'tableadmin' });
    const manager = await server.createUser({ role: 'usermanager', username: 'tablemanager' });
    for (const name of ['zoe', 'yann', 'xena']) await server.createUser({ username: `t-${name}`, displayName: name.toUpperCase() });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);
    await page.goto(`${server.url}/admin/users`);
    const table = page.getByTestId('admin-users');
    await page.getByLabel('Search by username, email or name').fill('t-');
    await expect.poll(() => table.locator('tbody > tr').count()).toBe(3);
    // oldest first by default; a click on Username sorts A→Z and says so
    expect(await table.locator('tbody > tr td:first-child a').allTextContents()).toEqual(['t-zoe', 't-yann', 't-xena']);
    await table.getByRole('button', { name: 'Username' }).click();
    await expect.poll(() => table.locator('tbody > tr td:first-child a').allTextContents()).toEqual(['t-xena', 't-yann', 't-zoe']);
    expect(await table.locator('th[aria-sort="ascending"]').textContent()).toContain('Username');
    await page.getByLabel('Search by username, email or name').fill('');
    await page.getByLabel('Role').selectOption('usermanager');
    await expect.poll(() => table.locator('tbody > tr td:first-child a').allTextContents()).toEqual(['tablemanager']);
    await page.getByLabel('Role').selectOption('');
    await page.getByLabel('Two-factor').selectOption('none');
    await table.getByRole('link', { name: 'Open t-zoe' }).waitFor();
    await screenshots(page, 'admin-users-table');
    await context.close();

    const mine = await newContext(browser, MOBILE);
    const managerPage = await mine.newPage();
    await signIn(managerPage, server, manager);
    await managerPage.goto(`${server.url}/admin/users`);
    const theirs = managerPage.getByTestId('admin-users');
    await theirs.getByRole('link', { name: 'Open t-zoe' }).waitFor();
    expect(await theirs.getByRole('link', { name: 'Open tableadmin' }).count()).toBe(0);
    expect(await managerPage.getByRole('link', { name: 'Audit' }).count()).toBe(0);
    await mine.close();
  });

  it('given a user signed in on two devices, when an admin ends one session from the user page, then that device is signed out, the timeline names the admin and the audit lists it', async () => {
    const admin = await server.createUser({ role: 'admin', username: 'pageadmin' });
    const user = await server.createUser({ username: 'pageuser', displayName: 'Page User' });
    const phone = await apiAs(server, user);
    const laptop = await newContext(browser);
    const laptopPage = await laptop.newPage();
    await signIn(laptopPage, server, user);

    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);
    await page.goto(`${server.url}/admin/users`);
    await page.getByTestId('admin-users').getByRole('link', { name: 'Open pageuser' }).click();
    await page.getByRole('heading', { name: /Page User/ }).waitFor();
    const sessions = page.getByTestId('user-sessions');
    await expect.poll(() => sessions.locator(':scope > li').count()).toBe(2);
    await screenshots(page, 'admin-user-page');
    // the newest session is the laptop's browser (Chrome on Linux); the API client has no browser name
    const rows = sessions.locator(':scope > li');
    const browserRow = rows.filter({ hasText: 'Chrome' });
    await browserRow.getByRole('button', { name: /End session/ }).click();
    await page.getByRole('dialog', { name: 'End this session?' }).getByRole('button', { name: 'End session' }).click();
    await expect.poll(() => sessions.locator(':scope > li').count()).toBe(1);

    await laptopPage.goto(`${server.url}/profile`);
    await laptopPage.waitForURL(/\/signin/);
    expect((await phone.get('/api/v1/profile')).status).toBe(200);
    await laptop.close();

    await page.getByTestId('user-timeline').getByText('By the administrator pageadmin').first().waitFor();
    await page.getByRole('link', { name: 'See in the audit' }).click();
    const audit = page.getByTestId('audit');
    await audit.getByText('Sessions ended: pageuser').waitFor();
    await audit.getByRole('button', { name: 'Only changes by pageadmin' }).first().waitFor();
    await screenshots(page, 'admin-audit');
    await context.close();
  });

  it('given three preference changes in a row, then the timeline shows one entry; the kind filter narrows it', async () => {
    const user = await server.createUser({ username: 'timelineuser' });
    const api = await apiAs(server, user);
    for (const patch of [{ language: 'de' }, { newsletter: true }, { language: 'en' }]) expect((await api.patch('/api/v1/profile', patch)).status).toBe(200);
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.goto(`${server.url}/activity`);
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('Changed: language, newsletter').waitFor();
    expect(await timeline.getByText('Profile updated', { exact: true }).count()).toBe(1);
    await page.getByLabel('Show').selectOption('sign_ins');
    await expect.poll(() => timeline.getByText('Profile updated', { exact: true }).count()).toBe(0);
    await timeline.getByText('Signed in', { exact: true }).first().waitFor();
    await screenshots(page, 'activity-filtered');
    await context.close();
  });
});
