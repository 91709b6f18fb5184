import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/lib/languages.js';
import { type TestServer, apiAs, assertControlsInside, assertNoHorizontalOverflow, axeViolations, newContext, signIn, startAll, stopAll, turnOnTwoFactor } from './harness.js';

/**
 * Issue 18 points 6 and 7: at 320 px, in every dashboard language (German and Polish have the
 * longest words, Arabic runs right to left, Japanese has no spaces to break at), no control sticks
 * out of its card on any view, nothing overflows sideways, axe finds nothing; the drawer takes the
 * focus and gives it back; a confirmation dialog fits the screen.
 */

const NARROW = { width: 320, height: 720 };
const VIEWS = ['profile', 'security', 'sessions', 'tokens', 'app-passwords', 'connected-apps', 'accounts', 'activity', 'admin/users', 'admin/settings', 'admin/accounts', 'admin/apps', 'admin/directory', 'admin/audit'];

async function openView(page: Page, server: TestServer, view: string): Promise<void> {
  await page.goto(`${server.url}/${view}`);
  await page.getByTestId('shell').waitFor();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
}

describe('dashboard: phones and keyboards', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  for (const language of LANGUAGES) {
    it(`given 320 px in ${language}, then on every view no control leaves its card, nothing overflows and axe finds nothing`, async () => {
      const admin = await server.createUser({ role: 'admin', displayName: 'Maximiliane Musterfrau-Überlänge' });
      const api = await apiAs(server, admin);
      expect((await api.patch('/api/v1/profile', { language })).status).toBe(200);
      const organisation = await api.post('/api/v1/admin/accounts', { name: `Internationale Vertriebsgesellschaft ${language}`, type: 'distributor' });
      expect(organisation.status, organisation.text).toBe(201);
      expect((await api.post(`/api/v1/admin/accounts/${organisation.body.id}/groups`, { name: 'Außendienstmitarbeiter' })).status).toBe(201);
      expect((await api.post(`/api/v1/admin/accounts/${organisation.body.id}/members`, { userId: admin.id, groupId: (await api.get(`/api/v1/admin/accounts/${organisation.body.id}/groups`)).body.items[0].id })).status).toBe(201);
      const context = await newContext(browser, NARROW);
      const page = await context.newPage();
      await signIn(page, server, admin);
      for (const view of [...VIEWS, `admin/accounts/${organisation.body.id}`]) {
        await openView(page, server, view);
        await assertNoHorizontalOverflow(page, `${view} (${language})`);
        await assertControlsInside(page, `${view} (${language})`);
        expect(await axeViolations(page), `${view} (${language})`).toEqual([]);
      }
      await context.close();
    });
  }

  it('given the drawer at 375 px, then opening it moves the focus into it, the page behind is out of reach, and Escape closes it and gives the focus back', async () => {
    const user = await server.createUser();
    const context = await newContext(browser, { width: 375, height: 760 });
    const page = await context.newPage();
    await signIn(page, server, user);
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.click();
    await expect.poll(() => page.evaluate('document.activeElement?.closest("nav")?.id')).toBe('main-nav');
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      // never in the page behind the drawer
      expect(await page.evaluate('Boolean(document.activeElement?.closest("main"))')).toBe(false);
    }
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Main' }).waitFor({ state: 'hidden' });
    expect(await page.evaluate('document.activeElement?.classList.contains("menu-toggle")')).toBe(true);
    await context.close();
  });

  it('given the drawer at 375 px, when a link in it is followed, then the drawer closes and the focus is on the new page, not lost to the body', async () => {
    const user = await server.createUser();
    const context = await newContext(browser, { width: 375, height: 760 });
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.getByRole('button', { name: 'Menu' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Sessions' }).click();
    await page.waitForURL(/\/sessions$/);
    await nav.waitFor({ state: 'hidden' });
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('main');
    await context.close();
  });

  it('given the drawer at 375 px and fresh recovery codes, when a link asks "leave without them?", then Escape closes only that dialog and the drawer stays open', async () => {
    const user = await server.createUser();
    const context = await newContext(browser, { width: 375, height: 760 });
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.goto(`${server.url}/security`);
    await turnOnTwoFactor(page);
    await page.getByRole('button', { name: 'Menu' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Sessions' }).click();
    const dialog = page.getByRole('dialog', { name: 'Leave without your recovery codes?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await nav.isVisible()).toBe(true);
    expect(page.url()).toMatch(/\/security$/);
    await page.keyboard.press('Escape');
    await nav.waitFor({ state: 'hidden' });
    await context.close();
  });

  it('given a confirmation at 320 px, then the dialog fits the screen, axe finds nothing in it, and Escape closes only the dialog', async () => {
    const user = await server.createUser();
    const api = await apiAs(server, user);
    expect((await api.patch('/api/v1/profile', { language: 'de' })).status).toBe(200);
    const context = await newContext(browser, NARROW);
    const page = await context.newPage();
    await signIn(page, server, user);
    await openView(page, server, 'sessions');
    // apiAs signed in too: there is another session to end
    await page.getByTestId('active-sessions').getByTestId('session-item').nth(1).waitFor();
    await page.locator('.form-actions .btn').last().click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const box = await dialog.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(NARROW.width);
    await assertControlsInside(page, 'dialog');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('shell').isVisible()).toBe(true);
    await context.close();
  });
});
