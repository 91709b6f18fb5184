import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type TestServer, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

describe('dashboard: organisations (accounts in the API) and their MFA rule', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given an admin who puts a user in a group of an organisation that requires MFA, then the user sees the membership and the "set up 2FA" link', async () => {
    const admin = await server.createUser({ role: 'admin' });
    const user = await server.createUser({ displayName: 'Vera Vendor' });
    const adminContext = await newContext(browser);
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, server, admin);
    await adminPage.goto(`${server.url}/admin/accounts`);
    await adminPage.getByRole('button', { name: 'New organisation' }).click();
    const create = adminPage.getByRole('dialog');
    await create.getByLabel('Name', { exact: true }).fill('Acme Components');
    await create.getByLabel('Type').selectOption('vendor');
    await create.getByLabel('Requires two-factor authentication').check();
    await create.getByRole('button', { name: 'Create organisation' }).click();
    await adminPage.getByRole('link', { name: 'Manage Acme Components' }).click();
    await adminPage.waitForURL(/\/admin\/accounts\/[^/]+$/);

    await adminPage.getByLabel('New group').fill('Sales');
    await adminPage.getByRole('button', { name: 'Add group' }).click();
    await adminPage.getByRole('button', { name: 'Rename Sales' }).waitFor();
    await adminPage.getByLabel('Find a user').fill(user.username);
    await adminPage.getByRole('button', { name: 'Add Vera Vendor to Sales' }).click();
    await adminPage.getByTestId('account-members').locator('.item-title', { hasText: `Vera Vendor (@${user.username})` }).waitFor();
    await screenshots(adminPage, 'admin-account-manage');

    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.getByRole('link', { name: 'Organisations' }).click();
    const list = page.getByTestId('memberships');
    await list.getByText('Acme Components').waitFor();
    await list.getByText('Vendor').waitFor();
    await list.getByText('Sales').waitFor();
    await list.getByText('Required, missing').waitFor();
    await screenshots(page, 'accounts-membership');
    await list.getByRole('link', { name: 'Set up two-factor authentication now' }).click();
    await page.waitForURL(/\/security$/);
    await page.getByText('An organisation you belong to requires two-factor authentication: Acme Components.', { exact: false }).waitFor();
    await adminContext.close();
    await context.close();
  });
});
