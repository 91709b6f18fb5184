import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

describe('dashboard: API tokens', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given a user, when they create a readonly token, then it is shown once, reads with fetch, may not write, and dies when revoked', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByText('You have no API tokens.').waitFor();

    await page.getByLabel('Name', { exact: true }).fill('backup script');
    await page.getByLabel('Read only').check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByTestId('new-token');
    await shown.waitFor();
    const token = ((await shown.textContent()) ?? '').trim();
    expect(token).toMatch(/^uh_[0-9A-Za-z]{38}$/);
    await page.getByText('it is shown only this once').waitFor();
    await screenshots(page, 'tokens-created');

    const read = await fetch(`${server.url}/api/v1/profile`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { username: string }).username).toBe(user.username);
    const write = await fetch(`${server.url}/api/v1/profile`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: 'Changed by a token' }),
    });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { code: string }).code).toBe('token_readonly');

    await page.getByRole('button', { name: 'Done' }).click();
    const list = page.getByTestId('token-list');
    await list.getByText('backup script').waitFor();
    await list.getByText('Read only').waitFor();
    // The list never shows the token, only its prefix.
    expect(await list.textContent()).not.toContain(token);
    await page.reload();
    await list.getByText(/ago|now/).first().waitFor();
    await screenshots(page, 'tokens');

    await list.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('You have no API tokens.').waitFor();
    const after = await fetch(`${server.url}/api/v1/profile`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    await context.close();
  });
});
