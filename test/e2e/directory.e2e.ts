import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, Slapd } from '../helpers/slapd.js';
import { type TestServer, isReadOnly, launchBrowser, newContext, screenshots, signIn, startServer } from './harness.js';

/** The LDAP directory administered from the dashboard, against a real slapd on loopback. */
describe('dashboard: LDAP directory', () => {
  let server: TestServer;
  let browser: Browser;
  let slapd: Slapd;

  beforeAll(async () => {
    slapd = await Slapd.start();
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await slapd?.destroy();
  });

  it('given an admin who configures, tests and syncs the directory, then a directory person signs in and finds name and email managed there', async () => {
    const admin = await server.createUser({ role: 'admin' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);
    await page.goto(`${server.url}/admin/directory`);
    await page.getByText('Not synchronised yet.').waitFor();
    // Synchronise before anything is saved: never greyed out, it says why not
    await page.getByRole('button', { name: 'Synchronise now' }).click();
    await page.getByText('The directory is not configured yet.').waitFor();
    await page.getByLabel('Server URL').fill(slapd.url);
    await page.getByLabel('Bind DN').fill(slapd.rootDn);
    await page.getByLabel('Bind password').fill(slapd.rootPassword);
    await page.getByLabel('Base DN').fill(`ou=people,${slapd.suffix}`);
    // Tested before saving: the form as typed.
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText(`Connected. Users found: ${PEOPLE.length}`).waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('A password is stored; leave empty to keep it.').waitFor();
    await page.getByRole('button', { name: 'Synchronise now' }).click();
    await expect.poll(() => page.getByTestId('last-sync').textContent()).toContain(`Found: ${PEOPLE.length} · created: ${PEOPLE.length}`);
    await screenshots(page, 'admin-directory-synced');

    await page.goto(`${server.url}/admin/users`);
    await page.getByTestId('admin-users').getByRole('link', { name: 'Open ada', exact: true }).waitFor();

    const ada = PEOPLE[0]!;
    const theirs = await newContext(browser);
    const theirPage = await theirs.newPage();
    await signIn(theirPage, server, { username: ada.uid, password: ada.password });
    await expect.poll(() => theirPage.getByTestId('topbar-name').textContent()).toBe(ada.cn);
    expect(await isReadOnly(theirPage, 'Display name')).toBe(true);
    expect(await isReadOnly(theirPage, 'Primary email')).toBe(true);
    expect(await theirPage.getByText('Managed by your organisation’s directory; change it there.').count()).toBeGreaterThanOrEqual(2);
    await screenshots(theirPage, 'profile-directory-user');
    await theirPage.getByRole('link', { name: 'Security' }).click();
    await theirPage.getByText('Your password is managed by your organisation’s directory; change it there.').waitFor();
    await theirs.close();
    await context.close();
  });
});
