import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, linkFromOutbox, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

describe('dashboard: forgotten password', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));
  const usedLinks: string[] = [];

  it('given a user who forgot the password, when they follow the mailed link and choose a new one, then they sign in with it', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/signin`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    // the sign-in page has a "Username or email" field too, and stays while this page's code loads
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByLabel('Username or email').fill(user.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    // (the page's explanation also starts "If an account matches")
    await page.getByText('a link to reset the password is on its way').waitFor();

    const raw = await linkFromOutbox(server.dataDir, '/reset');
    usedLinks.push(raw);
    const link = new URL(raw);
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

  it('given a user with API tokens, when they reset with "revoke all API tokens and app passwords" ticked, then the tokens stop working', async () => {
    const user = await server.createUser();
    const client = { ip: '127.0.0.1', userAgent: 'e2e' };
    const { tokens } = server.app.userhub.services;
    const first = await tokens.create(user.id, { name: 'backup script', scope: 'readonly' }, client);
    const second = await tokens.create(user.id, { name: 'deploy', scope: 'readwrite' }, client);
    const profileWith = (token: string) => fetch(`${server.url}/api/v1/profile`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await profileWith(first.token)).toBe(200);

    await server.app.userhub.services.passwordReset.request(user.username, client);
    await server.app.userhub.services.passwordReset.settled();
    const link = new URL(await linkFromOutbox(server.dataDir, '/reset', usedLinks));
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    const revoke = page.getByLabel('Also revoke all API tokens and app passwords');
    expect(await revoke.isChecked()).toBe(false);
    await page.getByLabel('New password', { exact: true }).fill('another brand new passphrase');
    await page.getByLabel('Repeat the new password').fill('another brand new passphrase');
    await revoke.check();
    await screenshots(page, 'reset-password-clean-slate');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.waitForURL(/\/signin$/);
    await page.getByText('Your password has been changed.').waitFor();
    expect([await profileWith(first.token), await profileWith(second.token)]).toEqual([401, 401]);

    await signIn(page, server, { username: user.username, password: 'another brand new passphrase' });
    await page.goto(`${server.url}/activity`);
    await page.getByText('Password reset').first().waitFor();
    await context.close();
  });
});
