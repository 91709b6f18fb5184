import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, expectFieldError, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

describe('dashboard: deleting an account without 2FA', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given a user, when they type their username and password to delete the account, then it is gone and the username is free', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('button', { name: 'Delete my account…' }).click();
    const dialog = page.getByRole('dialog');
    // A wrong password: refused, nothing deleted.
    await dialog.getByLabel(`Type your username (${user.username}) to confirm`).fill(user.username);
    await dialog.getByLabel('Password', { exact: true }).fill('not my password at all');
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await expectFieldError(dialog.getByLabel('Password', { exact: true }), 'The password is wrong.', { focused: true });

    await dialog.getByLabel('Password', { exact: true }).fill(user.password);
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL(/\/signin$/);
    await page.getByText('Your account has been deleted.').waitFor();
    await screenshots(page, 'signin-after-delete');
    expect(await server.app.userhub.services.users.findByUsername(user.username)).toBeUndefined();

    // The name is free again.
    const again = await server.createUser({ username: user.username });
    expect(again.username).toBe(user.username);
    await context.close();
  });
});
