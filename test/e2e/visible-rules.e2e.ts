import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../helpers/app.js';
import {
  SCREENSHOTS,
  type TestServer,
  apiAs,
  axeViolations,
  expectFieldError,
  linkFromOutbox,
  newContext,
  saveRecoveryCodes,
  screenshots,
  signIn,
  signOut,
  startAll,
  stopAll,
  turnOnTwoFactor,
} from './harness.js';

/** Issue 18.4: rules are visible before they bite — MFA of organisations, who lacks 2FA, password and token limits, recovery codes. */

const DAY_MS = 86_400_000;

describe('dashboard: rules are visible before they bite', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: { id: string; username: string; password: string };

  beforeAll(async () => {
    ({ server, browser } = await startAll());
    admin = await server.createUser({ role: 'admin' });
  });
  afterAll(() => stopAll(browser, server));

  /** Through the API: an organisation that requires MFA, with `userId` in its only group. */
  async function organisationWith(userId: string, name: string): Promise<void> {
    const api = await apiAs(server, admin);
    const account = await api.post('/api/v1/admin/accounts', { name, type: 'vendor', requiresMfa: true });
    expect(account.status, account.text).toBe(201);
    const group = await api.post(`/api/v1/admin/accounts/${account.body.id}/groups`, { name: 'Sales' });
    expect(group.status, group.text).toBe(201);
    const member = await api.post(`/api/v1/admin/accounts/${account.body.id}/members`, { userId, groupId: group.body.id });
    expect(member.status, member.text).toBe(201);
  }

  async function adminPage(): Promise<Page> {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, server, admin);
    return page;
  }

  it('given a member of an organisation that requires MFA, then a banner after sign-in names it and links to Security; the admin sees the member without a second factor, for the organisation and the instance; after 2FA the banner is gone', async () => {
    const organisation = uniqueName('Acme Components ');
    const user = await server.createUser({ displayName: 'Vera Vendor' });
    await organisationWith(user.id, organisation);

    // The member: the banner on the page sign-in lands on (Profile), and on every other view but Security.
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.waitForURL(/\/profile$/);
    const banner = page.getByTestId('mfa-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(organisation);
    expect(await banner.textContent()).toContain('Two-factor authentication needed.');
    const link = banner.getByRole('link', { name: 'Set it up on the Security page' });
    expect(await link.getAttribute('href')).toBe('/security');
    await screenshots(page, 'mfa-banner');
    expect(await axeViolations(page)).toEqual([]);
    // the dark theme's warning colours pass too (the profile's theme is "system")
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'mfa-banner-dark-desktop.png') });
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' }).click();
    await page.getByTestId('active-sessions').waitFor();
    await banner.waitFor();

    // The admin: the organisation counts the member and marks them; the instance lists them.
    const admins = await adminPage();
    await admins.goto(`${server.url}/admin/accounts`);
    await admins.getByRole('link', { name: `Manage ${organisation}` }).click();
    const manage = admins.getByRole('region', { name: 'Members' });
    const count = manage.getByTestId('members-without-twofactor');
    await count.getByText('Members without a second factor: 1.').waitFor();
    await count.getByText('This organisation refuses them until they set it up.').waitFor();
    const row = manage.locator('.item', { hasText: `Vera Vendor (@${user.username})` });
    await row.getByText('No second factor').waitFor();
    await manage.getByLabel('Show only members without a second factor').check();
    await row.waitFor();
    await screenshots(admins, 'admin-account-members-without-2fa');

    await admins.goto(`${server.url}/admin/settings`);
    await expect.poll(() => admins.getByTestId('users-without-twofactor').textContent()).toMatch(/^Active users without a second factor: [1-9]\d*\.$/);
    const who = admins.getByTestId('users-without-twofactor-list');
    const userLink = who.getByRole('link', { name: 'Vera Vendor' });
    await userLink.waitFor();
    expect(await userLink.getAttribute('href')).toBe(`/admin/users/${encodeURIComponent(user.id)}`);
    await screenshots(admins, 'admin-settings-users-without-2fa');
    expect(await axeViolations(admins)).toEqual([]);
    await userLink.click();
    await admins.waitForURL(new RegExp(`/admin/users/${user.id}$`));
    await admins.getByText(`@${user.username}`).first().waitFor();

    // The member follows the link and sets up 2FA: the banner is gone, the organisation's rule is met.
    await link.click();
    await page.waitForURL(/\/security$/);
    // the URL changes before React renders the new view
    await expect.poll(() => banner.count()).toBe(0);
    await turnOnTwoFactor(page);
    await saveRecoveryCodes(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
    await page.waitForURL(/\/profile$/);
    await page.getByLabel('Display name').waitFor();
    await expect.poll(() => banner.count()).toBe(0);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisations' }).click();
    await page.getByTestId('memberships').getByText('Required, set up').waitFor();
    expect(await banner.count()).toBe(0);

    // ...and the admin's counts follow.
    await admins.goto(`${server.url}/admin/accounts`);
    await admins.getByRole('link', { name: `Manage ${organisation}` }).click();
    await admins.getByTestId('members-without-twofactor').getByText('Members without a second factor: 0.').waitFor();
    await admins.context().close();
    await context.close();
  });

  it('given an admin who raises the password minimum to 12 and caps tokens at 30 days, then the password hints and the token form say so', async () => {
    const admins = await adminPage();
    await admins.goto(`${server.url}/admin/settings`);
    await admins.getByLabel('Minimum password length').fill('12');
    await admins.getByLabel('Maximum API token lifetime (days)').fill('30');
    await admins.getByRole('button', { name: 'Save', exact: true }).click();
    await admins.getByText('Saved.').waitFor();
    try {
      // the admin's own forms: a new user with a password, and their Security page
      await admins.goto(`${server.url}/admin/users`);
      await admins.getByRole('button', { name: 'New user' }).click();
      const dialog = admins.getByRole('dialog');
      await dialog.getByLabel('Set a password').check();
      await dialog.getByText('A password you choose needs at least 12 characters.').waitFor();
      await admins.keyboard.press('Escape');

      const user = await server.createUser();
      const context = await newContext(browser);
      const page = await context.newPage();
      await signIn(page, server, user);
      await page.goto(`${server.url}/security`);
      await page.getByText('At least 12 characters.', { exact: false }).waitFor();
      await screenshots(page, 'security-password-hint-12');

      // the token form: the cap in the hint, no later day in the date picker
      const before = Date.now();
      await page.goto(`${server.url}/tokens`);
      await page.getByText('The administrator allows tokens of at most 30 days.', { exact: false }).waitFor();
      const latestDays = [before, Date.now()].map((ms) => new Date(ms + 30 * DAY_MS).toISOString().slice(0, 10));
      expect(latestDays).toContain(await page.getByLabel('Expires on (optional)').getAttribute('max'));
      // the last day offered is accepted (its end is cut to the cap)
      await page.getByLabel('Name').fill('longest allowed');
      await page.getByLabel('Expires on (optional)').fill(latestDays[1]!);
      await screenshots(page, 'tokens-lifetime-cap');
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByTestId('new-token').waitFor();
      // ...and the token expires at the cap, not at the end of that day
      const tokens = await (await apiAs(server, user)).get('/api/v1/tokens');
      const expiresAt = Date.parse(tokens.body.items[0].expiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * DAY_MS);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 30 * DAY_MS);

      // not signed in: the reset page's hint asks the public policy (a live link: a dead one shows no form)
      await signOut(page);
      await server.app.userhub.services.passwordReset.request(user.username, { ip: '127.0.0.1', userAgent: 'e2e' });
      await server.app.userhub.services.passwordReset.settled();
      const reset = new URL(await linkFromOutbox(server.dataDir, '/reset'));
      await page.goto(`${server.url}${reset.pathname}${reset.search}`);
      await page.getByText('At least 12 characters.', { exact: false }).waitFor();
      await context.close();
    } finally {
      const api = await apiAs(server, admin);
      expect((await api.patch('/api/v1/admin/settings', { passwordPolicy: { minLength: 8 }, maxTokenLifetimeDays: null })).status).toBe(200);
      await admins.context().close();
    }
  });

  it('given a wrong or a malformed recovery code at sign-in or in the account deletion, then the message speaks of recovery codes at the focused field', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.goto(`${server.url}/security`);
    await turnOnTwoFactor(page);
    await saveRecoveryCodes(page);
    // the account deletion's code field takes either code: a wrong recovery code says so there, focused
    await page.getByRole('button', { name: 'Delete my account…' }).click();
    const deletion = page.getByRole('dialog', { name: 'Delete your account?' });
    await deletion.getByLabel(`Type your username (${user.username}) to confirm`).fill(user.username);
    await deletion.getByLabel('Password', { exact: true }).fill(user.password);
    const deletionCode = deletion.getByLabel('Authentication or recovery code');
    expect(await deletionCode.getAttribute('inputmode')).toBe('text');
    await deletionCode.fill('abcd-efgh-jkmn-pqrs');
    await deletion.getByRole('button', { name: 'Delete my account' }).click();
    await expectFieldError(deletionCode, 'That recovery code is wrong or was already used.', { focused: true });
    await deletion.getByRole('button', { name: 'Cancel' }).click();
    await signOut(page);

    await signIn(page, server, user, 'second factor');
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill('abcd-efgh-jkmn-pqrs');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectFieldError(page.getByLabel('Recovery code'), 'That recovery code is wrong or was already used.', { focused: true });
    await screenshots(page, 'signin-recovery-code-wrong');
    await page.getByLabel('Recovery code').fill('not a code');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectFieldError(page.getByLabel('Recovery code'), 'That is not a recovery code. Recovery codes have 16 letters and digits, in four groups of four.', { focused: true });
    // the authenticator's code keeps its own message
    await page.getByRole('button', { name: 'Use the authenticator app instead' }).click();
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    // shown at the code field (field-errors)
    await page.getByText('The code is wrong or has expired.', { exact: false }).first().waitFor();
    await context.close();
  });
});
