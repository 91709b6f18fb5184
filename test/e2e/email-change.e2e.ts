import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, linkFromOutbox, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

describe('dashboard: changing the primary email', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given a user who enters a new email, then it waits for confirmation, and the mailed link makes it the primary address', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    const newEmail = `new-${user.username}@example.net`;
    await page.getByLabel('Primary email').fill(newEmail);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(`Waiting for confirmation of ${newEmail}.`, { exact: false }).waitFor();
    // Until confirmed, the field shows the address in force.
    expect(await page.getByLabel('Primary email').inputValue()).toBe(user.email);
    await screenshots(page, 'profile-email-pending');

    const link = new URL(await linkFromOutbox(server.dataDir, '/confirm-email'));
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    await page.getByRole('button', { name: 'Confirm email address' }).click();
    await page.getByText('Your email address has been changed.').waitFor();
    await screenshots(page, 'confirm-email');
    await page.getByRole('link', { name: 'Go to the dashboard' }).click();
    await expect.poll(() => page.getByLabel('Primary email').inputValue()).toBe(newEmail);
    expect(await page.getByText('Waiting for confirmation').count()).toBe(0);

    // The same link twice: refused with a translated message as the page opens, no button to press.
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('This link is invalid, was already used or has expired. Ask for a new one.');
    expect(await page.getByRole('button', { name: 'Confirm email address' }).count()).toBe(0);
    await context.close();
  });

  it('given a user who enters a new recovery email, then the mailed link names the recovery address and confirms it', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    const recovery = `backup-${user.username}@example.net`;
    await page.getByLabel('Recovery email').fill(recovery);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(`Waiting for confirmation of ${recovery}.`, { exact: false }).waitFor();

    // the outbox also holds the first test's primary-email link: take the recovery one
    const seen: string[] = [];
    let mailed = await linkFromOutbox(server.dataDir, '/confirm-email');
    while (!mailed.includes('address=recovery')) {
      seen.push(mailed);
      mailed = await linkFromOutbox(server.dataDir, '/confirm-email', seen);
    }
    const link = new URL(mailed.replace('&amp;', '&'));
    expect(link.searchParams.get('address')).toBe('recovery');
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    await page.getByRole('heading', { name: 'Confirm your new recovery email address' }).waitFor();
    await page.getByRole('button', { name: 'Confirm recovery address' }).click();
    await page.getByText('Your recovery email address has been changed.').waitFor();
    await screenshots(page, 'confirm-recovery-email');
    await page.getByRole('link', { name: 'Go to the dashboard' }).click();
    await expect.poll(() => page.getByLabel('Recovery email').inputValue()).toBe(recovery);
    await context.close();
  });
});
