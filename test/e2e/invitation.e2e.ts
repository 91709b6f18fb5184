import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, MOBILE, linkFromOutbox, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

/**
 * Invitations and temporary passwords in a browser: an administrator invites someone from the
 * users view, the invited person opens the mailed link, chooses a password and lands signed in;
 * and a first sign-in with a temporary password asks for a new one.
 */
describe('dashboard: invitations and temporary passwords', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  /** The New user dialog, opened from the users view of a signed-in administrator. */
  async function newUserDialog(page: Page) {
    await page.goto(`${server.url}/admin/users`);
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'New user' }).waitFor();
    return dialog;
  }

  it('given an administrator who invites someone, when that person opens the mailed link and chooses a password, then they are signed in on the dashboard', async () => {
    const admin = await server.createUser({ role: 'admin' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);
    const dialog = await newUserDialog(page);
    // the invitation is the default
    expect(await dialog.getByLabel('Send an invitation by email').isChecked()).toBe(true);
    await dialog.getByLabel('Username').fill('invitee');
    await dialog.getByLabel('Primary email').fill('invitee@example.com');
    await dialog.getByLabel('Display name').fill('Ines Invitee');
    await screenshots(page, 'invitation-create');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await dialog.getByText('Invitation sent to invitee@example.com. The link is valid for 7 days.').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByTestId('admin-users').getByRole('link', { name: 'Open invitee', exact: true }).waitFor();
    await context.close();

    // the invited person, in their own browser (on a phone), from the mail
    const theirs = await newContext(browser, MOBILE);
    const theirPage = await theirs.newPage();
    const link = new URL(await linkFromOutbox(server.dataDir, '/invite'));
    await theirPage.goto(`${server.url}${link.pathname}${link.search}`);
    const form = theirPage.getByTestId('invite');
    await form.getByRole('heading', { name: 'Welcome! Choose your password' }).waitFor();
    await form.getByLabel('Password', { exact: true }).fill('ines chooses a long passphrase');
    await form.getByLabel('Repeat the password').fill('ines chooses a long passphrase');
    // the strength meter of the reset page
    await form.getByTestId('password-strength').waitFor();
    await screenshots(theirPage, 'invitation-accept');
    await form.getByRole('button', { name: 'Set my password and sign in' }).click();
    await theirPage.getByTestId('shell').waitFor();
    await expect.poll(() => theirPage.getByTestId('topbar-name').textContent()).toBe('Ines Invitee');
    expect(new URL(theirPage.url()).pathname).toBe('/profile');
    await screenshots(theirPage, 'invitation-signed-in');

    // the link worked once: opened again, it says so at once, with no password field to fill
    await theirPage.goto(`${server.url}${link.pathname}${link.search}`);
    await form.getByText('This link is invalid, was already used or has expired.', { exact: false }).waitFor();
    expect(await form.getByLabel('Password', { exact: true }).count()).toBe(0);
    await theirs.close();
  });

  it('given a user created with a temporary password, when they first sign in, then they choose a new password and are signed in', async () => {
    const admin = await server.createUser({ role: 'admin' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);
    const dialog = await newUserDialog(page);
    await dialog.getByLabel('Username').fill('tempuser');
    await dialog.getByLabel('Primary email').fill('tempuser@example.com');
    await dialog.getByLabel('Display name').fill('Tom Temporary');
    await dialog.getByLabel('Set a password').check();
    await dialog.getByLabel('Password (optional)').fill('the admin gave me this one');
    // temporary by default
    expect(await dialog.getByLabel('Require a new password at first sign-in').isChecked()).toBe(true);
    await screenshots(page, 'temporary-password-create');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await page.getByTestId('admin-users').getByRole('link', { name: 'Open tempuser', exact: true }).waitFor();
    await context.close();

    const theirs = await newContext(browser);
    const theirPage = await theirs.newPage();
    await theirPage.goto(`${server.url}/signin`);
    await theirPage.getByLabel('Username or email').fill('tempuser');
    await theirPage.getByLabel('Password', { exact: true }).fill('the admin gave me this one');
    await theirPage.getByRole('button', { name: 'Sign in', exact: true }).click();
    const step = theirPage.getByTestId('password-change');
    await step.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await step.getByLabel('New password', { exact: true }).fill('tom picks his own passphrase');
    await step.getByLabel('Repeat the new password').fill('tom picks his own passphrase');
    await step.getByTestId('password-strength').waitFor();
    await screenshots(theirPage, 'temporary-password-change');
    // the temporary one is refused
    await step.getByLabel('New password', { exact: true }).fill('the admin gave me this one');
    await step.getByLabel('Repeat the new password').fill('the admin gave me this one');
    await step.getByRole('button', { name: 'Change the password and sign in' }).click();
    await step.getByText('Choose a password other than the one you signed in with.').waitFor();
    await step.getByLabel('New password', { exact: true }).fill('tom picks his own passphrase');
    await step.getByLabel('Repeat the new password').fill('tom picks his own passphrase');
    await step.getByRole('button', { name: 'Change the password and sign in' }).click();
    await theirPage.getByTestId('shell').waitFor();
    await expect.poll(() => theirPage.getByTestId('topbar-name').textContent()).toBe('Tom Temporary');
    await theirs.close();

    // from now on the new password signs in directly
    const again = await newContext(browser);
    const againPage = await again.newPage();
    await signIn(againPage, server, { username: 'tempuser', password: 'tom picks his own passphrase' });
    await again.close();
  });
});
