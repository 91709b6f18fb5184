import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

describe('dashboard: sessions', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given sessions on a phone and on this computer, then this one comes first, each shows its kind of device, and the action names its row', async () => {
    const user = await server.createUser();
    const phoneContext = () =>
      browser.newContext({
        viewport: { width: 375, height: 760 },
        userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      });
    const phone = await phoneContext();
    await signIn(await phone.newPage(), server, user);
    // this computer signs in between two phone sessions: neither the newest nor the oldest
    const laptop = await newContext(browser);
    const page = await laptop.newPage();
    await signIn(page, server, user);
    const secondPhone = await phoneContext();
    await signIn(await secondPhone.newPage(), server, user);
    await page.goto(`${server.url}/sessions`);
    const items = page.getByTestId('active-sessions').getByTestId('session-item');
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.first().getAttribute('data-current')).toBe('true');
    expect(await items.first().locator('svg[data-device]').getAttribute('data-device')).toBe('desktop');
    expect(await items.nth(1).locator('svg[data-device]').getAttribute('data-device')).toBe('phone');
    await items.nth(1).getByRole('img', { name: 'Phone' }).waitFor();
    await items.nth(1).getByRole('button', { name: /^End session on Mobile Safari 17 · iOS 17\.5 · [0-9a-f.:]+$/ }).waitFor();
    await screenshots(page, 'sessions-devices');
    await secondPhone.close();
    await phone.close();
    await laptop.close();
  });

  it('given a user signed in twice, when one browser ends the other session, then the other browser is sent to sign-in', async () => {
    const user = await server.createUser();
    const laptop = await newContext(browser);
    const phone = await newContext(browser);
    const laptopPage = await laptop.newPage();
    const phonePage = await phone.newPage();
    await signIn(phonePage, server, user);
    await signIn(laptopPage, server, user);

    await laptopPage.getByRole('link', { name: 'Sessions' }).click();
    await laptopPage.waitForURL(/\/sessions$/);
    const items = laptopPage.getByTestId('active-sessions').getByTestId('session-item');
    await expect.poll(() => items.count()).toBe(2);
    await laptopPage.getByText('This device').waitFor();
    await screenshots(laptopPage, 'sessions');

    const other = items.filter({ hasNot: laptopPage.getByText('This device') });
    await other.getByRole('button', { name: 'End session' }).click();
    const dialog = laptopPage.getByRole('dialog');
    await dialog.getByRole('button', { name: 'End session' }).click();
    await expect.poll(() => items.count()).toBe(1);
    await laptopPage.getByText('Signed out from another session').waitFor();

    // The phone learns it on its very next request: moving to another page.
    await phonePage.getByRole('link', { name: 'Activity' }).click();
    await phonePage.waitForURL(/\/signin$/);
    await phonePage.getByText('Your session has ended. Please sign in again.').waitFor();

    // The laptop is still signed in, and its timeline shows what happened.
    await laptopPage.getByRole('link', { name: 'Activity' }).click();
    await laptopPage.getByTestId('timeline').getByText('Session signed out').waitFor();
    await screenshots(laptopPage, 'activity');
    await laptop.close();
    await phone.close();
  });

  it('given three sessions, when "sign out all other sessions" is confirmed, then only this one stays', async () => {
    const user = await server.createUser();
    const contexts = await Promise.all([newContext(browser), newContext(browser), newContext(browser)]);
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    for (const page of pages) await signIn(page, server, user);
    const page = pages[0]!;
    await page.goto(`${server.url}/sessions`);
    const items = page.getByTestId('active-sessions').getByTestId('session-item');
    await expect.poll(() => items.count()).toBe(3);
    await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out all other sessions' }).click();
    await expect.poll(() => items.count()).toBe(1);
    await pages[1]!.reload();
    await pages[1]!.waitForURL(/\/signin$/);
    for (const context of contexts) await context.close();
  });
});
