import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

describe('dashboard: sign in, profile, language', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given a user, when they sign in with a wrong password and then the right one, then the error is shown and then the profile', async () => {
    const user = await server.createUser({ displayName: 'Ada Lovelace' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/signin$/);
    await screenshots(page, 'signin');

    await page.getByLabel('Username or email').fill(user.username);
    await page.getByLabel('Password', { exact: true }).fill('wrong password here');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The username or password is wrong.');

    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/profile$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Profile');
    await expect.poll(() => page.getByTestId('topbar-name').textContent()).toBe('Ada Lovelace');
    await context.close();
  });

  it('given a signed-in user, when they change display name, time zone and date format, then the change survives a reload', async () => {
    const user = await server.createUser({ displayName: 'Before Name' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);

    await page.getByLabel('Display name').fill('After Name');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();

    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByLabel('Date format').selectOption('DD.MM.YYYY');
    await expect.poll(() => page.getByTestId('date-example').textContent()).toMatch(/Today: \d\d\.\d\d\.\d{4}/);
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Saved.').nth(1).waitFor();

    await page.reload();
    await expect.poll(() => page.getByLabel('Display name').inputValue()).toBe('After Name');
    await expect.poll(() => page.getByLabel('Time zone').inputValue()).toBe('Europe/Berlin');
    await expect.poll(() => page.getByLabel('Date format').inputValue()).toBe('DD.MM.YYYY');
    await expect.poll(() => page.getByTestId('topbar-name').textContent()).toBe('After Name');
    expect(await page.getByLabel('Username').evaluate((el) => (el as unknown as { readOnly: boolean }).readOnly)).toBe(true);
    await screenshots(page, 'profile');
    await context.close();
  });

  it('given a signed-in user, when they switch the language to German, then the dashboard speaks German at once and after a reload', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);

    await page.getByLabel('Language').selectOption('de');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Profil');
    await page.getByRole('link', { name: 'Sitzungen' }).waitFor();

    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Profil');
    await page.getByRole('button', { name: 'Abmelden' }).waitFor();
    await screenshots(page, 'profile-de');
    await page.getByRole('link', { name: 'Sicherheit' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sicherheit');
    await screenshots(page, 'security-de');
    await page.getByRole('link', { name: 'Sitzungen' }).click();
    // Dates follow the language too: German relative time.
    await page.getByText('jetzt').first().waitFor();
    await screenshots(page, 'sessions-de');
    await context.close();
  });
});
