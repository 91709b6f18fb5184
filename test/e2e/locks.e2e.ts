import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, isReadOnly, newContext, saveRecoveryCodes, screenshots, signIn, startAll, stopAll, turnOnTwoFactor } from './harness.js';

describe('dashboard: profile locks', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given an admin who locks profiles, when a user opens their profile, then name and emails are read-only with the reason and the rest stays editable', async () => {
    const admin = await server.createUser({ role: 'admin' });
    const user = await server.createUser({ displayName: 'Locked Person' });
    const adminContext = await newContext(browser);
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, server, admin);
    await adminPage.getByRole('link', { name: 'Administration' }).click();
    await adminPage.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Settings' }).click();
    await adminPage.getByLabel('Lock profiles').check();
    await adminPage.getByRole('button', { name: 'Save', exact: true }).click();
    await adminPage.getByText('Saved.').waitFor();
    await screenshots(adminPage, 'admin-settings-locked');

    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await expect.poll(() => isReadOnly(page, 'Display name')).toBe(true);
    expect(await isReadOnly(page, 'Primary email')).toBe(true);
    expect(await isReadOnly(page, 'Recovery email')).toBe(true);
    expect(await page.getByText('Locked by an administrator.').count()).toBe(3);
    // Preferences stay the user's own.
    expect(await page.getByLabel('Language').isDisabled()).toBe(false);
    await page.getByLabel('Date format').selectOption('MM/DD/YYYY');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Saved.').waitFor();
    await screenshots(page, 'profile-locked');

    // Unlocking gives the fields back.
    await adminPage.getByLabel('Lock profiles').uncheck();
    await adminPage.getByRole('button', { name: 'Save', exact: true }).click();
    await adminPage.getByText('Saved.').waitFor();
    await page.reload();
    await expect.poll(() => isReadOnly(page, 'Display name')).toBe(false);
    await adminContext.close();
    await context.close();
  });

  it('given an admin who requires 2FA, when a user without it signs in, then only the enrolment is offered until it is done', async () => {
    const admin = await server.createUser({ role: 'admin' });
    const user = await server.createUser();
    const adminContext = await newContext(browser);
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, server, admin);
    // The admin has no 2FA either: the rule would lock them out, so it is refused with the
    // reason, and the page says how many users the rule would stop.
    await adminPage.goto(`${server.url}/admin/settings`);
    const count = adminPage.getByTestId('users-without-twofactor');
    await expect.poll(() => count.textContent()).toMatch(/^Active users without a second factor: [1-9]\d*\.$/);
    await adminPage.getByLabel('Require two-factor authentication').check();
    await adminPage.getByText(/users can do nothing but set up two-factor authentication/).waitFor();
    await adminPage.getByRole('button', { name: 'Save', exact: true }).click();
    await adminPage.getByText('Set up two-factor authentication for your own account first.', { exact: false }).waitFor();
    await screenshots(adminPage, 'admin-settings-enrol-first');
    // The admin enrols (the explanation links there), then turns the rule on and keeps the admin area.
    await adminPage.getByRole('link', { name: 'Set up two-factor authentication' }).click();
    await adminPage.waitForURL(/\/security$/);
    await turnOnTwoFactor(adminPage);
    await saveRecoveryCodes(adminPage);
    await adminPage.goto(`${server.url}/admin/settings`);
    await adminPage.getByLabel('Require two-factor authentication').check();
    await adminPage.getByRole('button', { name: 'Save', exact: true }).click();
    await adminPage.getByText('Saved.').waitFor();
    expect(adminPage.url()).toMatch(/\/admin\/settings$/);
    await screenshots(adminPage, 'admin-settings-2fa-required');

    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.waitForURL(/\/security$/);
    await page.getByText('This instance requires two-factor authentication.', { exact: false }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').count()).toBe(1);
    await page.goto(`${server.url}/sessions`);
    await page.waitForURL(/\/security$/);
    await screenshots(page, 'security-2fa-required');

    await turnOnTwoFactor(page);
    await saveRecoveryCodes(page);
    await expect.poll(() => nav.getByRole('link').count()).toBeGreaterThan(5);
    await nav.getByRole('link', { name: 'Sessions' }).click();
    await page.getByTestId('active-sessions').waitFor();
    await adminContext.close();
    await context.close();
  });
});
