import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, apiAs, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

/**
 * Words mean one thing (issue 18): organisations are "Organisations" wherever the dashboard shows
 * them (the API keeps `accounts`), "account" is the user's own, and the user's Preferences are not
 * the administrator's Settings.
 */
describe('dashboard: organisations are not accounts, preferences are not settings', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Awaited<ReturnType<TestServer['createUser']>>;
  let member: Awaited<ReturnType<TestServer['createUser']>>;

  /** The words "account"/"accounts" as whole words in the page's main area. */
  const accountWords = async (page: Page) => (await page.locator('main').innerText()).match(/\baccounts?\b/gi) ?? [];

  beforeAll(async () => {
    ({ server, browser } = await startAll());
    admin = await server.createUser({ role: 'admin', displayName: 'Ada Admin' });
    member = await server.createUser({ displayName: 'Mia Member' });
    const api = await apiAs(server, admin);
    const organisation = await api.post('/api/v1/admin/accounts', { name: 'Acme Components', type: 'vendor' });
    expect(organisation.status, organisation.text).toBe(201);
    const group = await api.post(`/api/v1/admin/accounts/${organisation.body.id}/groups`, { name: 'Sales' });
    expect(group.status, group.text).toBe(201);
    const added = await api.post(`/api/v1/admin/accounts/${organisation.body.id}/members`, { userId: member.id, groupId: group.body.id });
    expect(added.status, added.text).toBe(201);
  });
  afterAll(() => stopAll(browser, server));

  it('given a member of an organisation, then the navigation and the page say "Organisations", show the organisation with its type, and Security still says "Delete account"', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, member);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Accounts', exact: true }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Organisations', exact: true }).click();
    await page.waitForURL(/\/accounts$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Organisations');
    expect(await page.title()).toBe('Organisations · Userhub');
    const row = page.getByTestId('memberships').locator('.item-title', { hasText: 'Acme Components' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Acme Components\s+Vendor/);
    expect(await accountWords(page)).toEqual([]);
    await screenshots(page, 'terminology-organisations');

    await nav.getByRole('link', { name: 'Security', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Delete account', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Delete my account…' }).waitFor();
    await context.close();
  });

  it('given an administrator, then the admin area has "Settings" and "Organisations", and Profile has "Preferences"', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).click();
    const tabs = page.getByRole('navigation', { name: 'Administration' });
    expect(await tabs.getByRole('link', { name: 'Accounts', exact: true }).count()).toBe(0);
    await tabs.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.waitForURL(/\/admin\/settings$/);
    await page.getByRole('heading', { level: 2, name: 'Settings', exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: 'Preferences' }).count()).toBe(0);

    await tabs.getByRole('link', { name: 'Organisations', exact: true }).click();
    await page.waitForURL(/\/admin\/accounts$/);
    await page.getByRole('heading', { level: 2, name: 'Organisations', exact: true }).waitFor();
    const row = page.getByTestId('admin-accounts').locator('.item-title', { hasText: 'Acme Components' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Acme Components\s+Vendor/);
    await page.getByRole('button', { name: 'New organisation' }).waitFor();
    await page.getByRole('link', { name: 'Manage Acme Components' }).click();
    await page.waitForURL(/\/admin\/accounts\/[^/]+$/);
    await page.getByRole('button', { name: 'Delete organisation' }).waitFor();
    expect(await accountWords(page)).toEqual([]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Preferences', exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: 'Settings' }).count()).toBe(0);
    await context.close();
  });

  it('given an administrator who speaks German, then Organisationen, Persönliche Einstellungen and Systemeinstellungen are three different words, and Konto is their own', async () => {
    const api = await apiAs(server, admin);
    const changed = await api.patch('/api/v1/profile', { language: 'de' });
    expect(changed.status, changed.text).toBe(200);
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await nav.getByRole('link', { name: 'Organisationen', exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: 'Konten', exact: true }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Profil', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Persönliche Einstellungen', exact: true }).waitFor();
    await nav.getByRole('link', { name: 'Sicherheit', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Konto löschen', exact: true }).waitFor();
    await nav.getByRole('link', { name: 'Verwaltung', exact: true }).click();
    const tabs = page.getByRole('navigation', { name: 'Verwaltung' });
    await tabs.getByRole('link', { name: 'Systemeinstellungen', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Systemeinstellungen', exact: true }).waitFor();
    await tabs.getByRole('link', { name: 'Organisationen', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Organisationen', exact: true }).waitFor();
    expect((await page.locator('main').innerText()).match(/\bKont(o|os|en)\b/g) ?? []).toEqual([]);
    await context.close();
  });
});
