import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, MOBILE, apiAs, linkFromOutbox, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

/**
 * "This wasn't me" in a browser: the lockdown link of the new-sign-in mail, and the card on the
 * Sessions view, then the password reset that opens the account again.
 */
describe('dashboard: this wasn’t me', () => {
  let server: TestServer;
  let browser: Browser;
  const usedLinks: string[] = [];

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  const follow = async (page: import('playwright-core').Page, pathname: string) => {
    const raw = await linkFromOutbox(server.dataDir, pathname, usedLinks);
    usedLinks.push(raw);
    const link = new URL(raw);
    await page.goto(`${server.url}${link.pathname}${link.search}`);
  };

  it('given a sign-in the user does not recognise, when they follow the lockdown link of the new-sign-in mail, then every session ends and the reset link opens the account again', async () => {
    const user = await server.createUser();
    // an earlier sign-in (another client), so the browser's is new and mailed
    await apiAs(server, user);
    const intruder = await newContext(browser);
    const intruderPage = await intruder.newPage();
    await signIn(intruderPage, server, user);

    const context = await newContext(browser);
    const page = await context.newPage();
    await follow(page, '/lockdown');
    const lockdown = page.getByTestId('lockdown');
    await lockdown.getByRole('heading', { name: 'Lock your account?' }).waitFor();
    await lockdown.getByText('Your two-factor settings and passkeys stay as they are.').waitFor();
    await screenshots(page, 'lockdown');
    await lockdown.getByRole('button', { name: 'Lock my account' }).click();
    const done = page.getByTestId('lockdown-done');
    await done.getByRole('heading', { name: 'Your account is locked' }).waitFor();
    await done.getByText('Sessions ended: 2').waitFor();
    await done.getByText(/We sent a link to choose a new password to .•••@example\.com/).waitFor();
    await screenshots(page, 'lockdown-done');

    // the intruder's session is over; the right password alone no longer signs in
    await intruderPage.goto(`${server.url}/profile`);
    await intruderPage.waitForURL(/\/signin/);
    await intruderPage.getByLabel('Username or email').fill(user.username);
    await intruderPage.getByLabel('Password', { exact: true }).fill(user.password);
    await intruderPage.getByRole('button', { name: 'Sign in', exact: true }).click();
    await intruderPage.getByText('This account was locked.', { exact: false }).waitFor();
    await intruder.close();

    await follow(page, '/reset');
    await page.getByLabel('New password', { exact: true }).fill('my own new long passphrase');
    await page.getByLabel('Repeat the new password').fill('my own new long passphrase');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.waitForURL(/\/signin$/);
    await signIn(page, server, { username: user.username, password: 'my own new long passphrase' });
    await page.goto(`${server.url}/activity`);
    await page.getByText('Account locked (“This wasn’t me”)').first().waitFor();
    await context.close();
  });

  it('given a signed-in user on a phone who does not recognise a session, when they use "This wasn’t me" on Sessions, then they are signed out and see what was done', async () => {
    const user = await server.createUser();
    const context = await newContext(browser, MOBILE);
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.goto(`${server.url}/sessions`);
    await page.getByRole('button', { name: 'This wasn’t me: lock my account' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('You will be signed out here too.', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Lock my account' }).click();
    await page.getByTestId('lockdown-done').getByText('Sessions ended: 1').waitFor();
    expect(new URL(page.url()).pathname).toBe('/lockdown');
    await screenshots(page, 'lockdown-signed-in');
    // signed out: the dashboard asks for a sign-in
    await page.goto(`${server.url}/profile`);
    await page.waitForURL(/\/signin/);
    expect((await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user.username, password: user.password }) })).status).toBe(403);
    await context.close();
  });
});
