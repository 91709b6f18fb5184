import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, type TestServer, apiAs, hasFocus, screenshots, signIn, startAll, stopAll } from './harness.js';

/** Issue 18 point 9, the time zone: matched whatever the case, and the browser's proposed on first sign-in. */
describe('dashboard: details people expect', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given a browser in Berlin and a new account on UTC, then Preferences proposes Europe/Berlin once, and using it saves it', async () => {
    const user = await server.createUser();
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'Europe/Berlin' });
    const page = await context.newPage();
    await signIn(page, server, user);
    const proposal = page.getByText('Your browser is in the Europe/Berlin time zone; your account uses UTC.');
    await proposal.waitFor();
    await screenshots(page, 'profile-zone-proposal');
    await page.getByRole('button', { name: 'Use Europe/Berlin' }).click();
    await expect.poll(async () => ((await (await apiAs(server, user)).get('/api/v1/profile')).body as { timezone: string }).timezone).toBe('Europe/Berlin');
    await page.reload();
    await page.getByTestId('shell').waitFor();
    await expect.poll(() => page.getByLabel('Time zone').inputValue()).toBe('Europe/Berlin');
    expect(await proposal.count()).toBe(0);
    await context.close();
  });

  it('given "Keep UTC", then the proposal does not come back in this browser', async () => {
    const user = await server.createUser();
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'Asia/Tokyo' });
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.getByRole('button', { name: 'Keep UTC' }).click();
    await page.reload();
    await page.getByTestId('shell').waitFor();
    await page.getByLabel('Time zone').waitFor();
    expect(await page.getByRole('button', { name: 'Use Asia/Tokyo' }).count()).toBe(0);
    await context.close();
  });

  it('given a zone typed in lower case with spaces, then it is accepted and saved in its own spelling', async () => {
    const user = await server.createUser();
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.getByLabel('Time zone').fill('america/new york');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Saved.').waitFor();
    expect(((await (await apiAs(server, user)).get('/api/v1/profile')).body as { timezone: string }).timezone).toBe('America/New_York');
    await page.getByLabel('Time zone').fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expect.poll(() => page.getByLabel('Time zone').getAttribute('aria-invalid')).toBe('true');
    await context.close();
  });

  it('given the token form, then 7/30/90 days fill the date (shown in the chosen format), "No expiry" warns, and the row action names its token', async () => {
    const user = await server.createUser();
    const api = await apiAs(server, user);
    expect((await api.patch('/api/v1/profile', { dateFormat: 'DD.MM.YYYY' })).status).toBe(200);
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.goto(`${server.url}/tokens`);
    const presets = page.getByRole('group', { name: 'Lifetime' });
    await presets.getByRole('button', { name: '30 days' }).click();
    const in30 = new Date(Date.now() + 30 * 86_400_000);
    const day = `${in30.getUTCFullYear()}-${String(in30.getUTCMonth() + 1).padStart(2, '0')}-${String(in30.getUTCDate()).padStart(2, '0')}`;
    expect(await page.getByLabel('Expires on (optional)').inputValue()).toBe(day);
    expect(await presets.getByRole('button', { name: '30 days' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('token-expiry-preview').textContent()).toContain(`${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`);
    await presets.getByRole('button', { name: 'No expiry' }).click();
    await page.getByText('A token without an expiry date works until you revoke it.').waitFor();
    await presets.getByRole('button', { name: '7 days' }).click();
    await page.getByLabel('Name', { exact: true }).fill('backup-script');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByTestId('new-token').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Revoke token backup-script' }).waitFor();
    await context.close();
  });

  it('given a user whose chosen zone is not the browser’s, then "7 days" is a day of their zone and the token ends at 23:59:59 there', async () => {
    const user = await server.createUser();
    const api = await apiAs(server, user);
    expect((await api.patch('/api/v1/profile', { timezone: 'Asia/Tokyo', dateFormat: 'YYYY-MM-DD' })).status).toBe(200);
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'America/Los_Angeles' });
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.goto(`${server.url}/tokens`);
    await page.getByRole('group', { name: 'Lifetime' }).getByRole('button', { name: '7 days' }).click();
    // today in Tokyo (UTC+9, no summer time), seven days on
    const tokyoToday = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    const [y, m, d] = tokyoToday.split('-').map(Number) as [number, number, number];
    const day = new Date(Date.UTC(y, m - 1, d + 7)).toISOString().slice(0, 10);
    expect(await page.getByLabel('Expires on (optional)').inputValue()).toBe(day);
    expect(await page.getByTestId('token-expiry-preview').textContent()).toContain(`${day} 11:59 PM`);
    await page.getByLabel('Name', { exact: true }).fill('tokyo-script');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByTestId('new-token').waitFor();
    const tokens = await api.get('/api/v1/tokens');
    const created = (tokens.body.items as { name: string; expiresAt: string }[]).find((token) => token.name === 'tokyo-script');
    // 23:59:59 in Tokyo is 14:59:59 UTC of the same day
    expect(created?.expiresAt).toBe(`${day}T14:59:59.000Z`);
    await context.close();
  });

  it('given Save pressed with nothing changed (Profile, Preferences, admin Settings), then it says so; a change makes it go', async () => {
    const admin = await server.createUser({ role: 'admin' });
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    await signIn(page, server, admin);
    await page.goto(`${server.url}/profile`);
    const nothing = page.getByText('Nothing to save: no field was changed.');
    // aria-disabled (Playwright waits for it to be enabled): pressed as a person presses it
    await page.getByRole('button', { name: 'Save', exact: true }).click({ force: true });
    await nothing.waitFor();
    await page.getByLabel('Display name').fill('Someone Else');
    await nothing.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Save preferences' }).click({ force: true });
    await nothing.waitFor();
    await page.goto(`${server.url}/admin/settings`);
    await page.getByRole('button', { name: 'Save', exact: true }).click({ force: true });
    await nothing.waitFor();
    // a minimum that is not a whole number, or below the server's range, is marked at its field (never dropped in silence)
    const minimum = page.getByLabel('Minimum password length');
    for (const typed of ['8.5', '3']) {
      await minimum.fill(typed);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => minimum.getAttribute('aria-invalid')).toBe('true');
      expect(await hasFocus(minimum)).toBe(true);
    }
    await page.getByText('Use a value of at least 8.').waitFor();
    await context.close();
  });

  it('given a lifetime cap of 30 days, then the presets past it and "No expiry" are not offered', async () => {
    const admin = await server.createUser({ role: 'admin' });
    const adminApi = await apiAs(server, admin);
    expect((await adminApi.patch('/api/v1/admin/settings', { maxTokenLifetimeDays: 30 })).status).toBe(200);
    try {
      const user = await server.createUser();
      const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'UTC' });
      const page = await context.newPage();
      await signIn(page, server, user);
      await page.goto(`${server.url}/tokens`);
      const presets = page.getByRole('group', { name: 'Lifetime' });
      await presets.getByRole('button', { name: '30 days' }).waitFor();
      expect(await presets.getByRole('button').allTextContents()).toEqual(['7 days', '30 days']);
      await context.close();
    } finally {
      await adminApi.patch('/api/v1/admin/settings', { maxTokenLifetimeDays: null });
    }
  });
});
