import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

describe('dashboard: registered apps and app passwords', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given an admin who registers an app, when a user creates an app password for it, then the app verifies the user with it', async () => {
    const admin = await server.createUser({ role: 'admin' });
    const user = await server.createUser({ displayName: 'Mail Reader' });
    const adminContext = await newContext(browser);
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, server, admin);
    await adminPage.goto(`${server.url}/admin/apps`);
    await adminPage.getByLabel('Name', { exact: true }).fill('Mail');
    await adminPage.getByLabel('Address').fill('https://mail.example.com');
    await adminPage.getByRole('button', { name: 'Register' }).click();
    const secret = ((await adminPage.getByTestId('app-secret').textContent()) ?? '').trim();
    expect(secret.length).toBeGreaterThan(20);
    const appId = ((await adminPage.locator('.hint code').first().textContent()) ?? '').trim();
    expect(appId).not.toBe('');
    await screenshots(adminPage, 'admin-apps-registered');

    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.getByRole('link', { name: 'App passwords' }).click();
    await page.getByLabel('App', { exact: true }).selectOption({ label: 'Mail' });
    await page.getByLabel('Name', { exact: true }).fill('Thunderbird');
    await page.getByRole('button', { name: 'Create app password' }).click();
    const password = ((await page.getByTestId('new-app-password').textContent()) ?? '').trim();
    expect(password.length).toBeGreaterThanOrEqual(16);
    // what to type where: the username (not the email) and the app's address
    const setup = page.getByTestId('app-password-setup');
    await setup.getByRole('heading', { name: 'Set up Mail' }).waitFor();
    expect(await setup.getByTestId('setup-username').textContent()).toBe(user.username);
    expect(await setup.getByRole('link', { name: 'https://mail.example.com' }).getAttribute('href')).toBe('https://mail.example.com');
    expect(await setup.textContent()).toContain('not your email address');
    await screenshots(page, 'app-passwords-created');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('Thunderbird', { exact: true }).waitFor();

    const verify = (pw: string) =>
      fetch(`${server.url}/api/v1/apps/${appId}/authenticate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ username: user.username, password: pw }),
      });
    const ok = await verify(password);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { user: { username: string } }).user.username).toBe(user.username);

    // Deleting it in the dashboard closes the app's door.
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('You have no app passwords.').waitFor();
    expect((await verify(password)).status).toBe(401);
    await adminContext.close();
    await context.close();
  });
});
