import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers/client.js';
import { DESKTOP, SCREENSHOTS, type TestServer, apiAs, assertControlsInside, axeViolations, hasFocus, newContext, screenshots, signIn, startAll, stopAll, totpCode } from './harness.js';

/**
 * Issue 18.8: the organisation is a page (details, groups, members, danger zone); "Add member"
 * finds only people who are not members yet and adds one with a group in one step; a user
 * manager sees only the actions the server lets them take.
 */
describe('dashboard: the admin organisation page', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: { id: string; username: string; password: string };
  let adminApi: TestClient;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
    admin = await server.createUser({ role: 'admin', username: 'orgadmin' });
    adminApi = await apiAs(server, admin);
  });
  afterAll(() => stopAll(browser, server));

  async function organisation(name: string, groups: string[]) {
    const account = await adminApi.post('/api/v1/admin/accounts', { name, type: 'distributor' });
    expect(account.status, account.text).toBe(201);
    const ids: Record<string, string> = {};
    for (const group of groups) {
      const res = await adminApi.post(`/api/v1/admin/accounts/${account.body.id}/groups`, { name: group });
      expect(res.status, res.text).toBe(201);
      ids[group] = res.body.id;
    }
    return { id: account.body.id as string, groups: ids };
  }

  async function memberGroup(accountId: string, userId: string): Promise<string | null> {
    const res = await adminApi.get(`/api/v1/admin/accounts/${accountId}/members?limit=100`);
    return (res.body.items as { user: { id: string }; group: { name: string } }[]).find((m) => m.user.id === userId)?.group.name ?? null;
  }

  /** Every answer of the API with this status while the page was open. */
  function refusals(page: Page, status: number): string[] {
    const seen: string[] = [];
    page.on('response', (response) => {
      if (response.status() === status && response.url().includes('/api/')) seen.push(`${response.request().method()} ${response.url()}`);
    });
    return seen;
  }

  it('given an organisation, when the admin follows Manage, then its page edits the details, adds a group, finds only non-members, adds one with a chosen group in one step, moves, removes and deletes', async () => {
    const mara = await server.createUser({ username: 'mara', displayName: 'Mara Member' });
    const nico = await server.createUser({ username: 'nico', displayName: 'Nico Newcomer' });
    const org = await organisation('Northwind Traders', ['Buyers', 'Sales']);
    expect((await adminApi.post(`/api/v1/admin/accounts/${org.id}/members`, { userId: mara.id, groupId: org.groups.Buyers })).status).toBe(201);

    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);
    await page.goto(`${server.url}/admin/accounts`);
    await page.getByRole('link', { name: 'Manage Northwind Traders' }).click();
    await page.waitForURL(new RegExp(`/admin/accounts/${org.id}$`));
    await page.getByRole('heading', { level: 2, name: 'Northwind Traders' }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    const members = page.getByTestId('account-members');
    await members.getByText('Mara Member (@mara)').waitFor();

    // details
    await page.getByLabel('Name', { exact: true }).fill('Northwind Trading');
    await page.getByLabel('Type').selectOption('reseller');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Northwind Trading' }).waitFor();
    expect((await adminApi.get(`/api/v1/admin/accounts/${org.id}`)).body).toMatchObject({ name: 'Northwind Trading', type: 'reseller' });

    // a new group
    await page.getByLabel('New group').fill('Support');
    await page.getByRole('button', { name: 'Add group' }).click();
    const renameSupport = page.getByRole('button', { name: 'Rename Support' });
    await renameSupport.waitFor();
    // renamed in place: an empty name is marked at its field; Escape leaves the form, the focus back on Rename
    await renameSupport.click();
    const newName = page.getByLabel('New name of the group');
    await expect.poll(() => hasFocus(newName)).toBe(true);
    await newName.fill(' ');
    await page.getByTestId('account-groups').getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => newName.getAttribute('aria-invalid')).toBe('true');
    await newName.press('Escape');
    await expect.poll(() => hasFocus(renameSupport)).toBe(true);
    await renameSupport.click();
    await newName.fill('Help desk');
    await newName.press('Enter');
    const renamed = page.getByRole('button', { name: 'Rename Help desk' });
    await expect.poll(() => hasFocus(renamed)).toBe(true);
    expect((await adminApi.get(`/api/v1/admin/accounts/${org.id}`)).body.groups.map((g: { name: string }) => g.name)).toContain('Help desk');
    await renamed.click();
    await newName.fill('Support');
    await newName.press('Enter');
    await expect.poll(() => hasFocus(renameSupport)).toBe(true);

    // the search leaves the member out...
    const addMember = page.getByTestId('add-member');
    const search = addMember.getByLabel('Find a user');
    await search.fill('mara');
    await addMember.getByText('Nobody found who is not a member yet.').waitFor();
    expect(await addMember.getByTestId('member-candidate').count()).toBe(0);
    // ...and finds the others, each with a group (the first by default) and its own Add button
    await search.fill('nico');
    const candidate = addMember.getByTestId('member-candidate').filter({ hasText: 'Nico Newcomer' });
    await candidate.waitFor();
    const groupSelect = candidate.getByLabel('Group for Nico Newcomer');
    expect(await groupSelect.locator('option:checked').textContent()).toBe('Buyers');
    await addMember.getByRole('button', { name: 'Add Nico Newcomer to Buyers' }).waitFor();
    await groupSelect.selectOption({ label: 'Sales' });
    await screenshots(page, 'admin-organisation-add-member');
    // the narrowest phone: every row's group select and Add button stay inside their card
    await page.setViewportSize({ width: 320, height: 760 });
    await assertControlsInside(page, 'admin-organisation-320');
    await page.setViewportSize(DESKTOP);
    await addMember.getByRole('button', { name: 'Add Nico Newcomer to Sales' }).click();
    await addMember.getByText('Nico Newcomer was added to Sales.').waitFor();
    await members.getByText('Nico Newcomer (@nico)').waitFor();
    await addMember.getByText('Nobody found who is not a member yet.').waitFor();
    expect(await hasFocus(search)).toBe(true);
    expect(await memberGroup(org.id, nico.id)).toBe('Sales');
    expect(await members.getByLabel('Group for Nico Newcomer').locator('option:checked').textContent()).toBe('Sales');

    await screenshots(page, 'admin-organisation');
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-organisation-dark-desktop.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    // move a member to another group, in place
    await members.getByLabel('Group for Mara Member').selectOption({ label: 'Support' });
    await expect.poll(() => memberGroup(org.id, mara.id)).toBe('Support');

    // remove a member: they can be found (and added) again
    await members.getByRole('button', { name: 'Remove Nico Newcomer' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove this member?' });
    await confirm.getByText('Nico Newcomer (@nico) will no longer belong to Northwind Trading.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => members.getByText('Nico Newcomer (@nico)').count()).toBe(0);
    expect(await memberGroup(org.id, nico.id)).toBeNull();
    await search.fill('nic');
    await addMember.getByRole('button', { name: 'Add Nico Newcomer to Buyers' }).waitFor();
    expect(await addMember.getByTestId('more-candidates').count()).toBe(0);

    // more matches than the picker shows: the first ten, and a word that says to type more
    for (let i = 1; i <= 11; i++) await server.createUser({ username: `crowd${String(i).padStart(2, '0')}`, displayName: `Crowd Person ${i}` });
    await search.fill('crowd');
    await addMember.getByTestId('more-candidates').getByText('Showing the first 10 people found. Type more of the name to narrow it down.').waitFor();
    expect(await addMember.getByTestId('member-candidate').count()).toBe(10);
    await search.fill('crowd11');
    await addMember.getByRole('button', { name: 'Add Crowd Person 11 to Buyers' }).waitFor();
    expect(await addMember.getByTestId('more-candidates').count()).toBe(0);

    // delete the organisation: back to the list, without it
    await page.getByRole('button', { name: 'Delete organisation' }).click();
    const sure = page.getByRole('dialog', { name: 'Delete this organisation?' });
    await sure.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/admin\/accounts$/);
    await page.getByRole('button', { name: 'New organisation' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Manage Northwind Trading' }).count()).toBe(0);
    expect((await adminApi.get(`/api/v1/admin/accounts/${org.id}`)).status).toBe(404);

    // its old address: a not-found state with the way back
    await page.goto(`${server.url}/admin/accounts/${org.id}`);
    await page.getByText('This organisation does not exist or was deleted.').waitFor();
    await screenshots(page, 'admin-organisation-not-found');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'All organisations' }).last().click();
    await page.waitForURL(/\/admin\/accounts$/);
    await context.close();
  });

  it('given an organisation without groups, then "Add member" says a group is needed first and leads to the new-group field', async () => {
    const org = await organisation('Empty Shelf Ltd', []);
    const olga = await server.createUser({ username: 'olga', displayName: 'Olga Outside' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);
    await page.goto(`${server.url}/admin/accounts/${org.id}`);
    const addMember = page.getByTestId('add-member');
    await addMember.getByText('Every member belongs to a group: add a group first.').waitFor();
    expect(await addMember.getByLabel('Find a user').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await addMember.getByRole('button', { name: 'Go to “New group”' }).click();
    expect(await hasFocus(page.getByLabel('New group'))).toBe(true);
    await page.keyboard.type('Partners');
    await page.keyboard.press('Enter');
    await addMember.getByLabel('Find a user').fill('olga');
    await addMember.getByRole('button', { name: 'Add Olga Outside to Partners' }).click();
    await page.getByTestId('account-members').getByText('Olga Outside (@olga)').waitFor();
    // an admin's user page links the organisation to its page
    await page.goto(`${server.url}/admin/users/${olga.id}`);
    await page.getByTestId('user-memberships').getByRole('link', { name: 'Empty Shelf Ltd' }).click();
    await page.waitForURL(new RegExp(`/admin/accounts/${org.id}$`));
    await page.getByRole('heading', { level: 2, name: 'Empty Shelf Ltd' }).waitFor();
    await context.close();
  });

  it('given a user manager, then the admin area shows only what the server lets them do, and each of those works', async () => {
    const manager = await server.createUser({ role: 'usermanager', username: 'umanager', displayName: 'Ulla Manager' });
    const otherManager = await server.createUser({ role: 'usermanager', username: 'umanager2' });
    const plain = await server.createUser({ username: 'petra', displayName: 'Petra Plain' });
    const org = await organisation('Contoso Supply', ['Staff']);
    expect((await adminApi.post(`/api/v1/admin/accounts/${org.id}/members`, { userId: plain.id, groupId: org.groups.Staff })).status).toBe(201);
    // Petra has TOTP and a session elsewhere, so "reset 2FA" and "end session" are there to take
    const petra = await apiAs(server, plain);
    const setup = await petra.post('/api/v1/profile/twofactor/totp/setup');
    expect((await petra.post('/api/v1/profile/twofactor/totp/enable', { code: totpCode(setup.body.secret) })).status).toBe(200);

    const context = await newContext(browser);
    const page = await context.newPage();
    const forbidden = refusals(page, 403);
    await signIn(page, server, manager);

    // only Users; other admin paths (an organisation's page included) send them there
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).click();
    const tabs = page.getByRole('navigation', { name: 'Administration' });
    await tabs.getByRole('link', { name: 'Users' }).waitFor();
    expect(await tabs.getByRole('link').allTextContents()).toEqual(['Users']);
    for (const where of [`accounts/${org.id}`, 'accounts', 'settings', 'apps', 'directory', 'audit']) {
      await page.goto(`${server.url}/admin/${where}`);
      await page.waitForURL(/\/admin\/users$/);
      await page.getByTestId('admin-users').waitFor();
    }

    // the table: plain users only, no role filter; "New user" without a role
    const table = page.getByTestId('admin-users');
    await table.getByRole('link', { name: 'Open petra' }).waitFor();
    for (const other of [admin.username, otherManager.username, manager.username]) expect(await table.getByRole('link', { name: `Open ${other}` }).count()).toBe(0);
    expect(await page.getByLabel('Role').count()).toBe(0);
    await page.getByRole('button', { name: 'New user' }).click();
    const create = page.getByRole('dialog');
    await create.getByLabel('Username').waitFor();
    expect(await create.getByLabel('Role').count()).toBe(0);
    await create.getByLabel('Username').fill('newbie');
    await create.getByLabel('Primary email').fill('newbie@example.com');
    await create.getByRole('button', { name: 'Send invitation' }).click();
    await create.getByText('Invitation sent to newbie@example.com. The link is valid for 7 days.').waitFor();
    expect((await adminApi.get('/api/v1/admin/users?q=newbie')).body.items).toHaveLength(1);
    await page.keyboard.press('Escape');

    // the user page: no role, no audit, the organisation named but not linked
    await page.goto(`${server.url}/admin/users/${plain.id}`);
    await page.getByRole('heading', { name: /Petra Plain/ }).waitFor();
    const memberships = page.getByTestId('user-memberships');
    await memberships.getByText('Contoso Supply').waitFor();
    expect(await memberships.getByRole('link').count()).toBe(0);
    expect(await page.getByLabel('Role').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'See in the audit' }).count()).toBe(0);
    await screenshots(page, 'admin-user-page-user-manager');
    expect(await axeViolations(page)).toEqual([]);

    // every action shown works
    await page.getByLabel('Display name').fill('Petra P. Plain');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('button', { name: 'Send password-reset mail' }).click();
    await page.getByText(/A password-reset link was mailed to/).waitFor();
    await page.getByRole('button', { name: 'Require a new password at next sign-in' }).click();
    await page.getByRole('button', { name: 'Keep the current password' }).click();
    await page.getByRole('button', { name: 'Require a new password at next sign-in' }).waitFor();
    await page.getByRole('button', { name: 'End session' }).first().click();
    await page.getByRole('dialog', { name: 'End this session?' }).getByRole('button', { name: 'End session' }).click();
    await page.getByText('No active session.').waitFor();
    await page.getByRole('button', { name: 'Reset two-factor' }).click();
    await page.getByRole('dialog', { name: 'Reset two-factor authentication?' }).getByRole('button', { name: 'Reset two-factor' }).click();
    await page.getByText(/^Two-factor authentication has been reset: authenticator app removed/).waitFor();
    await page.getByRole('button', { name: 'Disable user' }).click();
    await page.getByRole('dialog', { name: 'Disable petra?' }).getByRole('button', { name: 'Disable user' }).click();
    await page.getByRole('button', { name: 'Enable user' }).click();
    await page.getByRole('button', { name: 'Disable user' }).waitFor();
    expect((await adminApi.get(`/api/v1/admin/users/${plain.id}`)).body).toMatchObject({ displayName: 'Petra P. Plain', disabled: false, twoFactor: { totp: false } });
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog', { name: 'Delete this user?' }).getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/admin\/users$/);
    expect((await adminApi.get(`/api/v1/admin/users/${plain.id}`)).status).toBe(404);
    expect(forbidden).toEqual([]);

    // a page of someone they may not act on shows the refusal and no action at all
    await page.goto(`${server.url}/admin/users/${admin.id}`);
    await page.getByRole('alert').waitFor();
    for (const action of ['Save', 'Delete', 'Disable user', 'Send password-reset mail', 'End every session']) {
      expect(await page.getByRole('button', { name: action, exact: true }).count()).toBe(0);
    }
    await context.close();
  });
});
