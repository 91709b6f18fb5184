import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  MOBILE,
  SCREENSHOTS,
  type TestServer,
  axeViolations,
  confirmTwoFactorSetup,
  newContext,
  saveRecoveryCodes,
  screenshots,
  signIn,
  startAll,
  startTwoFactorSetup,
  stopAll,
} from './harness.js';

/** Issue 18.3: two-factor set-up on a phone (otpauth:// link, grouped secret with copy), recovery codes on paper. */

const ISSUER = 'Acme Accounts';

const focusedText = (page: Page) => page.evaluate('document.activeElement?.textContent ?? null');
const clipboardText = (page: Page) => page.evaluate('navigator.clipboard.readText()');

/** Clicks "Download emergency kit" and returns the file's name and text. */
async function downloadKit(page: Page): Promise<{ name: string; text: string }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download emergency kit' }).click();
  const file = await download;
  return { name: file.suggestedFilename(), text: fs.readFileSync(await file.path(), 'utf8') };
}

const shownCodes = async (page: Page) => (await page.getByTestId('recovery-codes').locator('code').allTextContents()).map((c) => c.trim());

describe('dashboard: two-factor on a phone', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll({ USERHUB_ISSUER: ISSUER }));
  });
  afterAll(() => stopAll(browser, server));

  it('given a 375 px screen, when the user sets up 2FA, then the otpauth:// link, the grouped secret and Copy work, and the code from the secret turns it on', async () => {
    const user = await server.createUser();
    const context = await newContext(browser, MOBILE);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.goto(`${server.url}/security`);
    const secret = await startTwoFactorSetup(page);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // the button that started it is gone: focus is on the step's heading, not lost on <body>
    expect(await focusedText(page)).toBe('Set up two-factor authentication');

    // On the phone: the link hands the server's key URI to the authenticator app.
    const link = page.getByRole('link', { name: 'Open in authenticator app' });
    expect(await link.isVisible()).toBe(true);
    const href = (await link.getAttribute('href')) ?? '';
    expect(href.startsWith('otpauth://totp/')).toBe(true);
    const uri = new URL(href);
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe(ISSUER);
    expect(decodeURIComponent(uri.pathname)).toBe(`/${ISSUER}:${user.email}`);
    expect(await page.getByRole('img', { name: 'QR code to scan with an authenticator app' }).isVisible()).toBe(true);

    // The secret in groups of four, copied without the spaces.
    const box = page.getByTestId('totp-secret');
    expect(((await box.textContent()) ?? '').trim()).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await clipboardText(page)).toBe(secret);
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'security-2fa-setup-phone');
    // Selecting the grouped text by hand and copying gives the ungrouped secret too.
    await page.evaluate("navigator.clipboard.writeText('something else')");
    await box.click();
    await page.keyboard.press('ControlOrMeta+C');
    await expect.poll(() => clipboardText(page)).toBe(secret);

    // Without a clipboard API the text is selected instead, and the status says so.
    await page.evaluate("Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }); window.getSelection().removeAllRanges()");
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'The secret is selected' }).waitFor();
    expect(((await page.evaluate('window.getSelection().toString()')) as string).replace(/\s+/g, '')).toBe(secret);

    // On a desktop the link gives way to the QR code.
    await page.setViewportSize(DESKTOP);
    expect(await link.isVisible()).toBe(false);
    expect(await page.getByRole('img', { name: 'QR code to scan with an authenticator app' }).isVisible()).toBe(true);
    await page.setViewportSize(MOBILE);

    await confirmTwoFactorSetup(page, secret);
    expect(await focusedText(page)).toBe('Your recovery codes');
    expect(await shownCodes(page)).toHaveLength(10);
    await saveRecoveryCodes(page);
    await page.getByText('Recovery codes left: 10').waitFor();
    await context.close();
  });

  it('given fresh recovery codes, when the user downloads the emergency kit and prints, then the kit holds the username, the sign-in address and every code, and the printout only the codes; also for a regenerated set', async () => {
    const user = await server.createUser();
    const context = await newContext(browser, MOBILE);
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.goto(`${server.url}/security`);
    await confirmTwoFactorSetup(page, await startTwoFactorSetup(page));
    const codes = await shownCodes(page);
    expect(codes).toHaveLength(10);
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'security-recovery-codes-phone');

    const kit = await downloadKit(page);
    expect(kit.name).toBe(`userhub-emergency-kit-${user.username}.txt`);
    expect(kit.text).toContain('Userhub emergency kit');
    expect(kit.text).toContain(`Username: ${user.username}`);
    expect(kit.text).toContain(`Sign in at: ${server.url}/signin`);
    expect(kit.text).toMatch(/Created: .*\d{4}.* \(UTC\)/);
    for (const code of codes) expect(kit.text).toContain(code);
    expect(kit.text).toContain('If you lose your phone');

    // Print: the browser's print, and a printout with the codes and without the dashboard around them.
    await page.evaluate('window.printed = 0; window.print = () => { window.printed += 1; }');
    await page.getByRole('button', { name: 'Print', exact: true }).click();
    expect(await page.evaluate('window.printed')).toBe(1);
    await page.emulateMedia({ media: 'print' });
    const sheet = page.getByTestId('print-sheet');
    expect(await sheet.isVisible()).toBe(true);
    expect((await sheet.locator('code').allTextContents()).map((c) => c.trim())).toEqual(codes);
    expect(await sheet.getByText(user.username, { exact: true }).isVisible()).toBe(true);
    expect(await page.locator('#main-nav').isVisible()).toBe(false);
    expect(await page.getByRole('banner').count()).toBe(0);
    expect(await page.getByTestId('recovery-codes').isVisible()).toBe(false);
    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'security-recovery-codes-print.png'), fullPage: true });
    await page.setViewportSize(MOBILE);
    await page.emulateMedia({ media: 'screen' });
    expect(await sheet.isVisible()).toBe(false);
    await saveRecoveryCodes(page);
    await page.getByText('Recovery codes left: 10').waitFor();
    // the codes are saved: the print-only page is gone with them
    expect(await sheet.count()).toBe(0);

    // A regenerated set gets the same offers, and focus lands on it.
    await page.getByRole('button', { name: 'New recovery codes' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'New recovery codes' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    await expect.poll(() => focusedText(page)).toBe('Your recovery codes');
    const fresh = await shownCodes(page);
    expect(fresh).not.toEqual(codes);
    const second = await downloadKit(page);
    for (const code of fresh) expect(second.text).toContain(code);
    for (const code of codes) expect(second.text).not.toContain(code);
    await page.evaluate('window.printed = 0; window.print = () => { window.printed += 1; }');
    await page.getByRole('button', { name: 'Print', exact: true }).click();
    expect(await page.evaluate('window.printed')).toBe(1);
    await saveRecoveryCodes(page);
    await context.close();
  });
});
