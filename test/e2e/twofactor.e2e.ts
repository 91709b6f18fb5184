import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, confirmTwoFactorSetup, expectFieldError, hasFocus, newContext, screenshots, signIn, signOut, startAll, startTwoFactorSetup, stopAll, totpCode } from './harness.js';

/** Turns 2FA on through the Security view; returns the secret read from the page and the recovery codes. */
async function enableTwoFactor(page: Page, server: TestServer): Promise<{ secret: string; codes: string[] }> {
  await page.goto(`${server.url}/security`);
  // What a person types into the app by hand: the grouped text, spaces removed.
  const secret = await startTwoFactorSetup(page);
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByRole('img', { name: 'QR code to scan with an authenticator app' }).waitFor();
  await screenshots(page, 'security-2fa-setup');

  await confirmTwoFactorSetup(page, secret);
  const list = page.getByTestId('recovery-codes');
  const codes = (await list.locator('code').allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  await screenshots(page, 'security-recovery-codes');

  // Done is never greyed out: pressed before the box is ticked, it marks the box
  const done = page.getByRole('button', { name: 'Done' });
  const saved = page.getByLabel('I have saved my recovery codes');
  await done.click();
  await expect.poll(() => saved.getAttribute('aria-invalid')).toBe('true');
  expect(await hasFocus(saved)).toBe(true);
  await page.getByText('Tick this box to continue.').waitFor();
  await saved.check();
  await done.click();
  await page.getByText('Recovery codes left: 10').waitFor();
  return { secret, codes };
}

describe('dashboard: two-factor authentication', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given a user, when they enable 2FA with a code computed from the page, sign out and sign in, then the code step lets them in', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    const { secret } = await enableTwoFactor(page, server);
    await screenshots(page, 'security-2fa-on');
    await signOut(page);

    await signIn(page, server, user, 'second factor');
    await screenshots(page, 'signin-second-factor');
    // A wrong code first: refused, translated.
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectFieldError(page.getByLabel('Authentication code'), 'The code is wrong or has expired. Check your device’s clock and try again.', { focused: true });
    // The code of the enable step was used; the app's next code (one step ahead, within the drift) works.
    await page.getByLabel('Authentication code').fill(totpCode(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('shell').waitFor();
    await page.goto(`${server.url}/sessions`);
    await page.getByText('Password and authenticator code').first().waitFor();
    await context.close();
  });

  it('given the card changing state (set-up cancelled, codes saved, 2FA turned off), then the focus is on its heading, never the page', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.goto(`${server.url}/security`);
    const heading = page.getByRole('heading', { level: 2, name: 'Two-factor authentication', exact: true });
    await startTwoFactorSetup(page);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).waitFor();
    await expect.poll(() => hasFocus(heading)).toBe(true);

    await enableTwoFactor(page, server);
    await expect.poll(() => hasFocus(heading)).toBe(true);

    await page.getByRole('button', { name: 'Turn off' }).click();
    const dialog = page.getByRole('dialog', { name: 'Turn off two-factor authentication?' });
    await dialog.getByLabel('Password').fill(user.password);
    await dialog.getByRole('button', { name: 'Turn off' }).click();
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).waitFor();
    await expect.poll(() => hasFocus(heading)).toBe(true);
    await context.close();
  });

  it('given a user with 2FA, when they sign in with a recovery code, then it works once and one code fewer is left', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    const { codes } = await enableTwoFactor(page, server);
    await signOut(page);

    await signIn(page, server, user, 'second factor');
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(codes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('shell').waitFor();
    await page.goto(`${server.url}/security`);
    await page.getByText('Recovery codes left: 9').waitFor();
    await signOut(page);

    // The same code again: refused.
    await signIn(page, server, user, 'second factor');
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(codes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.getByLabel('Recovery code').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('shell').count()).toBe(0);
    await context.close();
  });

  it('given a user with 2FA, when they delete their account with password and code, then they are signed out and cannot sign in again', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    const { secret } = await enableTwoFactor(page, server);

    await page.getByRole('button', { name: 'Delete my account…' }).click();
    const dialog = page.getByRole('dialog');
    const submit = dialog.getByRole('button', { name: 'Delete my account' });
    await dialog.getByLabel(`Type your username (${user.username}) to confirm`).fill('not-the-username');
    await dialog.getByLabel('Password', { exact: true }).fill(user.password);
    await dialog.getByLabel('Authentication or recovery code').fill(totpCode(secret, 1));
    // a wrong username is marked at its field when pressed, nothing is sent
    await submit.click();
    const typed = dialog.getByLabel(`Type your username (${user.username}) to confirm`);
    await expect.poll(() => typed.getAttribute('aria-invalid')).toBe('true');
    await dialog.getByText('This does not match.').waitFor();
    await typed.fill(user.username);
    await screenshots(page, 'security-delete-account');
    await submit.click();
    await page.waitForURL(/\/signin$/);
    await page.getByText('Your account has been deleted.').waitFor();

    await page.getByLabel('Username or email').fill(user.username);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The username or password is wrong.');
    await context.close();
  });
});
