import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, expectFieldError, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

async function expectUnmarked(field: Locator): Promise<void> {
  await expect.poll(() => field.getAttribute('aria-invalid')).toBeNull();
}

/** Counts the requests of `method` to `path` under /api/v1 from now on. */
function countRequests(page: Page, method: string, path: string): () => number {
  let count = 0;
  page.on('request', (request) => {
    if (request.method() === method && new URL(request.url()).pathname === `/api/v1${path}`) count++;
  });
  return () => count;
}

describe('dashboard: errors point at the field', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given the profile, when a too-long name, then two bad addresses, then a taken email are saved, then each field is marked and focus goes to the first', async () => {
    const other = await server.createUser();
    const user = await server.createUser({ displayName: 'Ada Lovelace' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    const patches = countRequests(page, 'PATCH', '/profile');
    const name = page.getByLabel('Display name');
    const email = page.getByLabel('Primary email');
    const recovery = page.getByLabel('Recovery email');
    const save = page.getByRole('button', { name: 'Save', exact: true });

    // too long: the dashboard's own check, nothing is sent (the field no longer cuts the text off)
    await name.fill('x'.repeat(101));
    expect(await name.inputValue()).toHaveLength(101);
    await save.click();
    await expectFieldError(name, 'Use at most 100 characters.', { focused: true });
    expect(patches()).toBe(0);

    // the server names every bad field of one answer; the form's alert stays empty
    await name.fill('Ada King');
    await email.fill('not-an-email');
    await recovery.fill('nope');
    await save.click();
    await expectFieldError(email, 'This is not a valid email address.', { focused: true });
    await expectFieldError(recovery, 'This is not a valid email address.');
    await expectUnmarked(name);
    expect(patches()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);
    await screenshots(page, 'field-errors-profile');

    // a rule error (409 email_taken) lands under its field as well
    await recovery.fill('');
    await email.fill(other.email);
    await save.click();
    await expectFieldError(email, 'This email address is in use.', { focused: true });
    await expectUnmarked(recovery);
    expect(patches()).toBe(2);

    // fixed: saved, and the marks are gone
    await email.fill(user.email);
    await save.click();
    await page.getByText('Saved.').waitFor();
    await expectUnmarked(email);
    await expectUnmarked(name);
    await expect.poll(() => page.getByTestId('topbar-name').textContent()).toBe('Ada King');
    await context.close();
  });

  it('given the new-token form with its name empty, when Create token is pressed (it is not greyed out), then the name is marked and nothing is sent', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByText('You have no API tokens.').waitFor();
    const posts = countRequests(page, 'POST', '/tokens');

    const create = page.getByRole('button', { name: 'Create token' });
    expect(await create.isEnabled()).toBe(true);
    await create.click();
    const name = page.getByLabel('Name', { exact: true });
    await expectFieldError(name, 'This field is required.', { focused: true });
    expect(posts()).toBe(0);
    await screenshots(page, 'field-errors-token');

    await name.fill('deploy script');
    await create.click();
    await page.getByTestId('new-token').waitFor();
    expect(posts()).toBe(1);
    await context.close();
  });
});
