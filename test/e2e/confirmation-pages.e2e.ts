import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, apiAs, axeViolations, expectFieldError, linkFromOutbox, newContext, screenshots, signIn, startAll, stopAll, totpCode } from './harness.js';

/**
 * The pages opened from mailed links read the link first (the inspect routes) and name what it
 * acts on: whose password a reset sets (asking for a code only with 2FA), which address of whose
 * an address link confirms or restores, whose account an invitation or a lockdown link is for.
 * A used or expired link says so as the page opens, before anything is typed.
 */
describe('dashboard: confirmation pages name what they act on', () => {
  let server: TestServer;
  let browser: Browser;
  const seen: string[] = [];

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  const client = { ip: '127.0.0.1', userAgent: 'e2e' };
  const db = () => server.app.userhub.database.db;

  /** The newest unseen link to `pathname` in the outbox, as a path on the test server. */
  async function nextLink(pathname: string): Promise<string> {
    const raw = await linkFromOutbox(server.dataDir, pathname, seen);
    seen.push(raw);
    const link = new URL(raw);
    return `${server.url}${link.pathname}${link.search}`;
  }

  /** The link to `pathname` in a mail to `address` (the outbox holds every test's notices, each with a lockdown link). */
  async function linkTo(address: string, pathname: string): Promise<string> {
    const outbox = path.join(server.dataDir, 'outbox');
    await expect.poll(() => fs.readdirSync(outbox).some((file) => fs.readFileSync(path.join(outbox, file), 'utf8').includes(`To: ${address}`))).toBe(true);
    for (const file of fs.readdirSync(outbox).sort()) {
      const text = fs.readFileSync(path.join(outbox, file), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
      if (!text.includes(`To: ${address}`)) continue;
      const found = new RegExp(`https?://[^\\s"<>]+${pathname}\\?token=[A-Za-z0-9_-]+`).exec(text);
      if (found) return `${server.url}${new URL(found[0]).pathname}${new URL(found[0]).search}`;
    }
    throw new Error(`no ${pathname} link to ${address}`);
  }

  async function resetLinkFor(user: { username: string }): Promise<string> {
    await server.app.userhub.services.passwordReset.request(user.username, client);
    await server.app.userhub.services.passwordReset.settled();
    return nextLink('/reset');
  }

  /** axe in light and in dark: 0 violations in both. */
  async function expectAccessible(page: Page): Promise<void> {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await axeViolations(page), colorScheme).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  it('given a user without 2FA, then the reset page names the account and the address, asks for no code, and sets the password', async () => {
    const user = await server.createUser();
    const link = await resetLinkFor(user);
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(link);
    const reset = page.getByTestId('reset');
    await expect
      .poll(() => reset.getByTestId('link-subject').textContent())
      .toBe(`For the account ${user.username}. The link was sent to ${user.email[0]}•••@example.com.`);
    expect(await reset.getByLabel('Two-factor or recovery code').count()).toBe(0);
    await expectAccessible(page);
    await screenshots(page, 'confirmation-reset');

    await reset.getByLabel('New password', { exact: true }).fill('a brand new long passphrase');
    await reset.getByLabel('Repeat the new password').fill('a brand new long passphrase');
    await reset.getByRole('button', { name: 'Set the new password' }).click();
    await page.waitForURL(/\/signin$/);
    await page.getByText('Your password has been changed.').waitFor();
    await signIn(page, server, { username: user.username, password: 'a brand new long passphrase' });

    // the same link again: refused as the page opens, with the way to a new one and nothing to type
    await page.goto(link);
    await reset.getByTestId('link-problem').getByText('This link is invalid, was already used or has expired.', { exact: false }).waitFor();
    expect(await reset.getByLabel('New password', { exact: true }).count()).toBe(0);
    await reset.getByRole('link', { name: 'Request a new link' }).waitFor();
    await expectAccessible(page);
    await screenshots(page, 'confirmation-reset-used');
    await context.close();
  });

  it('given a user with TOTP, then the reset page asks for the code, refuses the reset without it and takes it with it', async () => {
    const user = await server.createUser();
    const api = await apiAs(server, user);
    const setup = await api.post('/api/v1/profile/twofactor/totp/setup');
    expect(setup.status, setup.text).toBe(200);
    const secret = setup.body.secret as string;
    expect((await api.post('/api/v1/profile/twofactor/totp/enable', { code: totpCode(secret) })).status).toBe(200);

    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(await resetLinkFor(user));
    const reset = page.getByTestId('reset');
    await reset.getByTestId('link-subject').getByText(`For the account ${user.username}.`, { exact: false }).waitFor();
    const code = reset.getByLabel('Two-factor or recovery code');
    await code.waitFor();
    await reset.getByText('Two-factor authentication is on for this account', { exact: false }).waitFor();
    await expectAccessible(page);
    await screenshots(page, 'confirmation-reset-2fa');

    await reset.getByLabel('New password', { exact: true }).fill('a totp protected passphrase');
    await reset.getByLabel('Repeat the new password').fill('a totp protected passphrase');
    await reset.getByRole('button', { name: 'Set the new password' }).click();
    await expectFieldError(code, 'Two-factor authentication is on: enter a code from your authenticator app or a recovery code.');
    // the enabling code's step is used up: the next step's code
    await code.fill(totpCode(secret, 1));
    await reset.getByRole('button', { name: 'Set the new password' }).click();
    await page.waitForURL(/\/signin$/);
    await page.getByText('Your password has been changed.').waitFor();
    await context.close();
  });

  it('given an expired reset link, then the page says so before anything is typed', async () => {
    const user = await server.createUser();
    const link = await resetLinkFor(user);
    await db().updateTable('email_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('user_id', '=', user.id).execute();
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(link);
    const reset = page.getByTestId('reset');
    await reset.getByTestId('link-problem').getByRole('alert').waitFor();
    expect(await reset.getByRole('alert').textContent()).toBe('This link is invalid, was already used or has expired. Ask for a new one.');
    expect(await reset.getByRole('textbox').count()).toBe(0);
    expect(await page.getByText(user.username).count()).toBe(0);
    await reset.getByRole('link', { name: 'Request a new link' }).click();
    await page.waitForURL(/\/forgot$/);
    await context.close();
  });

  it('given a change of the primary address, then the confirm page names the new address and the account, and the undo page the address that comes back', async () => {
    const user = await server.createUser();
    const api = await apiAs(server, user);
    const newEmail = `new-${user.username}@example.net`;
    expect((await api.patch('/api/v1/profile', { email: newEmail, password: user.password })).status).toBe(200);

    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(await nextLink('/confirm-email'));
    await expect
      .poll(() => page.getByTestId('link-subject').textContent())
      .toBe(`Confirm ${newEmail} as the primary email address of the account ${user.username}.`);
    await expectAccessible(page);
    await screenshots(page, 'confirmation-email-confirm');
    await page.getByRole('button', { name: 'Confirm email address' }).click();
    await page.getByText('Your email address has been changed.').waitFor();

    await page.goto(await nextLink('/undo-email'));
    await expect
      .poll(() => page.getByTestId('link-subject').textContent())
      .toBe(`Undo the change to ${newEmail}: ${user.email} becomes the primary email address of the account ${user.username} again.`);
    await expectAccessible(page);
    await screenshots(page, 'confirmation-email-undo');
    await page.getByRole('button', { name: 'Restore my previous email' }).click();
    await page.getByText('Your previous email address is back.', { exact: false }).waitFor();
    const row = await db().selectFrom('users').select('email').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.email).toBe(user.email);
    await context.close();
  });

  it('given a new recovery address, then its confirm page names it as the recovery address', async () => {
    const user = await server.createUser();
    const api = await apiAs(server, user);
    const address = `rescue-${user.username}@example.org`;
    expect((await api.patch('/api/v1/profile', { recoveryEmail: address, password: user.password })).status).toBe(200);
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(await nextLink('/confirm-email'));
    await expect
      .poll(() => page.getByTestId('link-subject').textContent())
      .toBe(`Confirm ${address} as the recovery email address of the account ${user.username}.`);
    await page.getByRole('heading', { name: 'Confirm your new recovery email address' }).waitFor();
    await context.close();
  });

  it('given an invitation and a lockdown link, then their pages name the account', async () => {
    const admin = await server.createUser({ role: 'admin' });
    const adminApi = await apiAs(server, admin);
    const username = `guest${Date.now() % 100000}`;
    const created = await adminApi.post('/api/v1/admin/users', { username, email: `${username}@example.com`, displayName: 'Guest', invite: true });
    expect(created.status, created.text).toBe(201);
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(await nextLink('/invite'));
    await expect.poll(() => page.getByTestId('invite').getByTestId('link-subject').textContent()).toBe(`Your username: ${username}`);
    await expectAccessible(page);
    await screenshots(page, 'confirmation-invite');

    const user = await server.createUser();
    const api = await apiAs(server, user);
    expect((await api.put('/api/v1/profile/password', { currentPassword: user.password, newPassword: 'a changed long passphrase' })).status).toBe(204);
    await page.goto(await linkTo(user.email, '/lockdown'));
    await expect.poll(() => page.getByTestId('lockdown').getByTestId('link-subject').textContent()).toBe(`This link locks the account ${user.username}.`);
    await expectAccessible(page);
    await screenshots(page, 'confirmation-lockdown');
    await context.close();
  });
});
