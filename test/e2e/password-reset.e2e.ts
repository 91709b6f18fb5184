import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type TestServer, linkFromOutbox, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

describe('dashboard: forgotten password', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given a user who forgot the password, when they follow the mailed link and choose a new one, then they sign in with it', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/signin`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Username or email').fill(user.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('If an account matches').waitFor();

    const link = new URL(await linkFromOutbox(server.dataDir, '/reset'));
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    await page.getByLabel('New password', { exact: true }).fill('a brand new long passphrase');
    await page.getByText(/Strength: /).waitFor();
    await page.getByLabel('Repeat the new password').fill('a brand new long passphrase');
    await screenshots(page, 'reset-password');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.waitForURL(/\/signin$/);
    await page.getByText('Your password has been changed.').waitFor();
    await signIn(page, server, { username: user.username, password: 'a brand new long passphrase' });
    await context.close();
  });
});
