import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, newContext, screenshots, signIn, startAll, stopAll, turnOnTwoFactor } from './harness.js';

/** Issue 12.11: fresh recovery codes stay until "I saved them"; leaving meanwhile asks first. */

const codesShown = (page: Page) => page.getByTestId('recovery-codes').isVisible();

describe('dashboard: fresh recovery codes', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll());
  });
  afterAll(() => stopAll(browser, server));

  it('given codes just shown, when the user navigates away or closes the tab, then it asks first, and only "I saved them" lets them go', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.goto(`${server.url}/security`);
    await turnOnTwoFactor(page);
    const nav = page.getByRole('navigation', { name: 'Main' });

    // In-app navigation: the dialog asks; staying keeps the codes.
    await nav.getByRole('link', { name: 'Sessions' }).click();
    const dialog = page.getByRole('dialog', { name: 'Leave without your recovery codes?' });
    await dialog.waitFor();
    await screenshots(page, 'security-recovery-codes-leave');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(page.url()).toMatch(/\/security$/);
    expect(await codesShown(page)).toBe(true);

    // Closing the tab: the browser's own prompt; dismissing it keeps the page.
    const prompt = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const beforeUnload = await prompt;
    expect(beforeUnload.type()).toBe('beforeunload');
    await beforeUnload.dismiss();
    expect(page.isClosed()).toBe(false);
    expect(await codesShown(page)).toBe(true);

    // Signing out asks too.
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await codesShown(page)).toBe(true);

    // "I saved them": the codes go, and leaving no longer asks.
    await page.getByLabel('I have saved my recovery codes').check();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('Recovery codes left: 10').waitFor();
    await nav.getByRole('link', { name: 'Sessions' }).click();
    await page.waitForURL(/\/sessions$/);
    expect(await dialog.count()).toBe(0);

    // A new set: leaving anyway drops it.
    await nav.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('button', { name: 'New recovery codes' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'New recovery codes' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    await nav.getByRole('link', { name: 'Sessions' }).click();
    await dialog.getByRole('button', { name: 'Leave anyway' }).click();
    await page.waitForURL(/\/sessions$/);
    await nav.getByRole('link', { name: 'Security' }).click();
    await page.getByText('Recovery codes left: 10').waitFor();
    expect(await page.getByTestId('recovery-codes').count()).toBe(0);
    await context.close();
  });

  it('given mandatory 2FA and a user who just enrolled, when the profile is refetched (the page regains focus), then the codes are still shown', async () => {
    const user = await server.createUser();
    const { services } = server.app.userhub;
    await services.settings.update({ mandatoryTwoFactor: true });
    const context = await newContext(browser);
    const page = await context.newPage();
    // the page's clock, to let the profile go stale (60 s) without waiting for it
    await page.clock.install();
    await signIn(page, server, user);
    await page.waitForURL(/\/security$/);
    await turnOnTwoFactor(page);
    // Coming back to the tab once the profile is stale refetches it, and the restricted layout
    // gives way to the full one: a remount that must not lose the codes.
    await page.clock.fastForward('01:05');
    // TanStack Query's focus manager listens on window
    await page.evaluate("window.dispatchEvent(new Event('visibilitychange'))");
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect.poll(() => nav.getByRole('link').count()).toBeGreaterThan(5);
    // the full layout's Security view is its own lazy chunk: a moment of "Loading…" first
    await expect.poll(() => codesShown(page)).toBe(true);
    await page.getByLabel('I have saved my recovery codes').check();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('Recovery codes left: 10').waitFor();
    await services.settings.update({ mandatoryTwoFactor: false });
    await context.close();
  });
});
