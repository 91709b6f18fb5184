import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, newContext, screenshots, signIn, startAll, stopAll } from './harness.js';

/** Clicks "Load more" under `list` until the server has no next page; answers the clicks it took. */
async function loadEverything(page: Page, list: Locator, rows = ':scope > li'): Promise<number> {
  const more = page.getByRole('button', { name: 'Load more' });
  let clicks = 0;
  while (await more.isVisible()) {
    const before = await list.locator(rows).count();
    await more.click();
    await expect.poll(() => list.locator(rows).count()).toBeGreaterThan(before);
    clicks++;
  }
  return clicks;
}

/** Every page of a list as the API answers it, with the browser's session (limit 100, the most the server allows). */
async function fetchAllNames(page: Page, path: string, field: string): Promise<string[]> {
  return page.evaluate(
    async ({ path, field }) => {
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const response = await fetch(`/api/v1${path}?${query}`, { headers: { accept: 'application/json' } });
        const body = (await response.json()) as { items: Record<string, string>[]; nextCursor: string | null };
        names.push(...body.items.map((item) => item[field]));
        cursor = body.nextCursor;
      } while (cursor);
      return names;
    },
    { path, field },
  );
}

describe('dashboard: lists longer than one page', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given a user with the most API tokens allowed (100), when they load more, then every token is listed, the oldest last, and their activity runs past 100 entries to its end', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    // A fresh sign-in counts as a recent re-authentication, so the browser's session may mint tokens.
    const failures = await page.evaluate(async () => {
      const statuses: number[] = [];
      for (let i = 1; i <= 100; i++) {
        const response = await fetch('/api/v1/tokens', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-requested-with': 'userhub' },
          body: JSON.stringify({ name: `script ${String(i).padStart(3, '0')}`, scope: 'readonly' }),
        });
        if (response.status !== 201) statuses.push(response.status);
      }
      return statuses;
    });
    expect(failures).toEqual([]);

    await page.getByRole('link', { name: 'API tokens' }).click();
    const list = page.getByTestId('token-list');
    await list.getByText('script 100').waitFor();
    expect(await list.locator(':scope > li').count()).toBe(50);
    await page.getByText('50 shown').waitFor();
    await screenshots(page, 'tokens-long');

    expect(await loadEverything(page, list)).toBe(1);
    const rows = list.locator(':scope > li');
    expect(await rows.count()).toBe(100);
    const expected = await fetchAllNames(page, '/tokens', 'name');
    expect(expected).toHaveLength(100);
    const last = rows.last();
    await last.scrollIntoViewIfNeeded();
    expect(await last.isVisible()).toBe(true);
    expect(await last.locator('.item-title').textContent()).toContain(expected[99]);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    // Revoking the last row keeps every loaded page: the list refetches them, one row shorter.
    await last.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => rows.count()).toBe(99);
    await expect.poll(() => list.getByText(expected[99], { exact: false }).count()).toBe(0);

    // Each creation is an event: the timeline (account created, sign-in, 100 tokens, a revocation) is longer than 100.
    await page.getByRole('link', { name: 'Activity' }).click();
    const timeline = page.getByTestId('timeline');
    await timeline.locator(':scope > li').first().waitFor();
    expect(await loadEverything(page, timeline)).toBeGreaterThanOrEqual(2);
    const events = await fetchAllNames(page, '/profile/events', 'id');
    expect(events.length).toBeGreaterThan(100);
    expect(await timeline.locator(':scope > li').count()).toBe(events.length);
    await timeline.locator(':scope > li').last().scrollIntoViewIfNeeded();
    // The oldest event, where the account began.
    expect(await timeline.locator(':scope > li').last().textContent()).toContain('Account created');
    await context.close();
  });

  it('given 120 users, when an admin loads more until the end, then the newest user is the last row of the administration list', async () => {
    const admin = await server.createUser({ role: 'admin' });
    const created: string[] = [];
    for (let i = 1; i <= 120; i++) created.push((await server.createUser({ username: `member${String(i).padStart(3, '0')}` })).username);
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);
    await page.goto(`${server.url}/admin/users`);
    const list = page.getByTestId('admin-users');
    await list.locator('tbody > tr').first().waitFor();

    await loadEverything(page, list, 'tbody > tr');
    const rows = list.locator('tbody > tr');
    const expected = await fetchAllNames(page, '/admin/users', 'username');
    expect(await rows.count()).toBe(expected.length);
    expect(expected).toEqual(expect.arrayContaining([admin.username, ...created]));
    const last = rows.last();
    await last.scrollIntoViewIfNeeded();
    expect(await last.textContent()).toContain(`${expected.at(-1)}`);
    await screenshots(page, 'admin-users-long');
    await context.close();
  });
});
