import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import { expect } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Role } from '../../src/db/schema.js';
import { DEFAULT_WEB_DIR } from '../../src/http/dashboard.js';
import { STRONG_PASSWORD, uniqueName } from '../helpers/app.js';
import { TestClient } from '../helpers/client.js';
import { createTestDatabase } from '../helpers/database.js';
import { freePort } from '../helpers/net.js';
import { SYSTEM_FILES } from '../helpers/system.js';
import { totpAt } from '../helpers/twofactor.js';

/**
 * The browser tests' world: the real server (buildApp on a throw-away SQLite file, or a fresh
 * PostgreSQL database when USERHUB_TEST_DATABASE_URL is set) listening on loopback, serving the
 * built dashboard, and Debian's Chromium driven by playwright-core. Never a downloaded browser.
 */

export const CHROMIUM = SYSTEM_FILES.chromium;
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-output/screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const MOBILE = { width: 375, height: 760 };

export interface TestServer {
  url: string;
  app: FastifyInstance;
  dataDir: string;
  createUser(options?: { username?: string; email?: string; password?: string; role?: Role; displayName?: string }): Promise<{ id: string; username: string; email: string; password: string }>;
  close(): Promise<void>;
}

/**
 * `localhost: true` serves on `http://localhost:PORT` (still listening on 127.0.0.1) with
 * USERHUB_ORIGIN set to it: browsers refuse WebAuthn on IP-address origins, and the server
 * derives its passkey relying party from the origin.
 */
export interface ServerOptions {
  localhost?: boolean;
}

export async function startServer(env: Record<string, string> = {}, options: ServerOptions = {}): Promise<TestServer> {
  if (!fs.existsSync(path.join(DEFAULT_WEB_DIR, 'index.html'))) {
    throw new Error('dist/web is missing: run `npm run build:web` before the browser tests');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'userhub-e2e-'));
  const database = await createTestDatabase(dataDir);
  const port = await freePort();
  const url = options.localhost ? `http://localhost:${port}` : `http://127.0.0.1:${port}`;
  const config = loadConfig({
    USERHUB_DATA_DIR: dataDir,
    USERHUB_DATABASE_URL: database.url,
    USERHUB_HOST: '127.0.0.1',
    USERHUB_PORT: String(port),
    USERHUB_LOG_LEVEL: 'silent',
    ...(options.localhost ? { USERHUB_ORIGIN: url } : {}),
    ...env,
  });
  const app = await buildApp(config, { logger: false });
  await app.listen({ host: '127.0.0.1', port });
  return {
    url,
    app,
    dataDir,
    async createUser(options = {}) {
      const username = options.username ?? uniqueName();
      const email = options.email ?? `${username}@example.com`;
      const password = options.password ?? STRONG_PASSWORD;
      const { user } = await app.userhub.services.users.create({ username, email, password, role: options.role, displayName: options.displayName });
      return { id: user.id, username: user.username, email: user.email, password };
    },
    async close() {
      await app.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A Userhub server and a Chromium for one test file: `({ server, browser } = await startAll())` in beforeAll. */
export async function startAll(env: Record<string, string> = {}, options: ServerOptions = {}): Promise<{ server: TestServer; browser: Browser }> {
  const server = await startServer(env, options);
  try {
    return { server, browser: await launchBrowser() };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** Closes what startAll opened (either may be missing when start-up failed). */
export async function stopAll(browser: Browser | undefined, server: TestServer | undefined): Promise<void> {
  await browser?.close();
  await server?.close();
}

/** A fresh browser profile (no cookies, no storage) at the given size, speaking English. */
export async function newContext(browser: Browser, viewport = DESKTOP, locale = 'en-US'): Promise<BrowserContext> {
  return browser.newContext({ viewport, locale, timezoneId: 'UTC', reducedMotion: 'reduce' });
}

/**
 * Signs in on the sign-in page and waits for the dashboard, or (`until: 'second factor'`, for a
 * user with 2FA) for the code step.
 */
export async function signIn(
  page: Page,
  server: TestServer,
  user: { username: string; password: string },
  until: 'dashboard' | 'second factor' = 'dashboard',
): Promise<void> {
  await page.goto(`${server.url}/signin`);
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  if (until === 'dashboard') {
    await page.getByTestId('shell').waitFor();
    // The frame shows while the landing view's code still loads: React Router navigates in a
    // transition, so the address bar already says /profile while React still renders /signin.
    // Wait for the landing page's heading; a drawer opened before it would be closed when the
    // page change commits.
    await page.waitForURL((url) => url.pathname !== '/signin');
    await page.locator('main h1').first().waitFor();
  }
  else await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
}

/**
 * The API as `user`, for set-up a test does not click through (app.inject with the session
 * cookie and the server's Origin, as the dashboard sends them).
 */
export async function apiAs(server: TestServer, user: { username: string; password: string }): Promise<TestClient> {
  const client = new TestClient(server.app, server.url);
  const res = await client.post('/api/v1/auth/login', { username: user.username, password: user.password });
  if (res.status !== 200) throw new Error(`sign-in of ${user.username} through the API: ${res.status} ${res.text}`);
  return client;
}

/** Whether the profile field labelled `label` is read-only (locked by the directory or an admin). */
/**
 * The field is marked as the dashboard marks errors (web/src/lib/field-errors.ts):
 * `aria-invalid="true"`, `message` among the texts its `aria-describedby` names, and (`focused`)
 * the focus on it.
 */
export async function expectFieldError(field: Locator, message: string, { focused = false } = {}): Promise<void> {
  await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
  const described = await field.evaluate((element) => {
    const { document } = globalThis as unknown as { document: PageDocument };
    return ((element as unknown as PageElement).getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '');
  });
  expect(described).toContain(message);
  if (focused) expect(await hasFocus(field)).toBe(true);
}

/** Whether the element has the page's focus. */
export function hasFocus(field: Locator): Promise<boolean> {
  return field.evaluate((element) => element === (globalThis as unknown as { document: PageDocument }).document.activeElement);
}

/** The little of the DOM the checks above read in the page (the tests compile without the DOM library). */
interface PageDocument {
  activeElement: unknown;
  getElementById(id: string): { textContent: string | null } | null;
}
interface PageElement {
  getAttribute(name: string): string | null;
}

export function isReadOnly(page: Page, label: string): Promise<boolean> {
  return page.getByLabel(label, { exact: true }).evaluate((el) => (el as unknown as { readOnly: boolean }).readOnly);
}

/** On the Security view: starts the set-up and returns the secret as a person types it (spaces removed). */
export async function startTwoFactorSetup(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  const secretBox = page.getByTestId('totp-secret');
  await secretBox.waitFor();
  return ((await secretBox.textContent()) ?? '').replace(/\s+/g, '');
}

/** Confirms the set-up with the authenticator's code and waits for the recovery codes. */
export async function confirmTwoFactorSetup(page: Page, secret: string): Promise<void> {
  await page.getByLabel('Enter the 6-digit code the app shows').fill(totpCode(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByTestId('recovery-codes').waitFor();
}

/** The dashboard's way to 2FA, on the Security view: set-up and code; the recovery codes stay shown. */
export async function turnOnTwoFactor(page: Page): Promise<{ secret: string }> {
  const secret = await startTwoFactorSetup(page);
  await confirmTwoFactorSetup(page, secret);
  return { secret };
}

/** "I have saved my recovery codes", then Done. */
export async function saveRecoveryCodes(page: Page): Promise<void> {
  await page.getByLabel('I have saved my recovery codes').check();
  await page.getByRole('button', { name: 'Done' }).click();
}

/** Saves `<name>-desktop.png` and `<name>-mobile.png` of the current page. */
export async function screenshots(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize() ?? DESKTOP;
  for (const [suffix, size] of [['desktop', DESKTOP], ['mobile', MOBILE]] as const) {
    await page.setViewportSize(size);
    // Sticky headers would otherwise be painted where the page was scrolled to.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${suffix}.png`), fullPage: true });
    if (suffix === 'mobile') await assertNoHorizontalOverflow(page, name);
  }
  await page.setViewportSize(original);
}

/** At 375 px nothing may stick out sideways (the layout-break check). */
export async function assertNoHorizontalOverflow(page: Page, name: string): Promise<void> {
  const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  if (typeof overflow === 'number' && overflow > 1) throw new Error(`${name}: the page is ${overflow}px wider than the 375px viewport`);
}

const AXE_SOURCE = path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');
/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the dashboard promises (docs/dashboard.md). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core (Deque's engine, run in the page) on what the page shows now: the violations, each as
 * `rule: selector…` so that a failure says where. An empty list is what every view must give.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // evaluated through CDP, which the page's Content-Security-Policy does not govern (a script tag would be refused)
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(fs.readFileSync(AXE_SOURCE, 'utf8'));
  const violations = (await page.evaluate(`window.axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} }, resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => String(n.target)).slice(0, 5) })))`)) as {
    id: string;
    targets: string[];
  }[];
  return violations.map((v) => `${v.id}: ${v.targets.join(' | ')}`);
}

/**
 * No control sticks out of its card, to the left or to the right (a long German word in a button,
 * an unbreakable address in RTL): every visible button, link, input, select and textarea lies
 * inside the nearest card, dialog or the page. Throws with the offenders.
 */
export async function assertControlsInside(page: Page, name: string): Promise<void> {
  const offenders = (await page.evaluate(`(() => {
    const out = [];
    const width = document.documentElement.clientWidth;
    for (const el of document.querySelectorAll('button, a, input, select, textarea, code, .badge')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.closest('.visually-hidden, .skip-link, .sidenav:not(.open)')) continue;
      // a table that scrolls sideways in its own box (the admin users table) keeps its columns there
      let scroller = el.parentElement;
      while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
      if (scroller && scroller !== document.documentElement && scroller !== document.body) continue;
      const box = el.closest('.card, dialog, .modal, .public-card') ?? document.documentElement;
      const b = box === document.documentElement ? { left: 0, right: width } : box.getBoundingClientRect();
      if (r.left < b.left - 1 || r.right > b.right + 1) out.push((el.tagName.toLowerCase() + ' "' + (el.textContent || el.getAttribute('aria-label') || el.getAttribute('name') || '').trim().slice(0, 40) + '" ' + Math.round(r.left) + '..' + Math.round(r.right) + ' in ' + Math.round(b.left) + '..' + Math.round(b.right)));
    }
    return out;
  })()`)) as string[];
  if (offenders.length > 0) throw new Error(`${name}: controls outside their card: ${offenders.join('; ')}`);
}

/** What an authenticator app shows for this secret, `offsetSteps` 30-second steps from now. */
export function totpCode(secret: string, offsetSteps = 0): string {
  return totpAt(secret, Date.now(), offsetSteps);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/signin$/);
}

/**
 * The first link to `pathname` (e.g. `/reset`) in the outbox: without SMTP, mail is written as
 * .eml files to <data dir>/outbox. Quoted-printable soft breaks and escapes are undone first.
 */
export async function linkFromOutbox(dataDir: string, pathname: string, exclude: string[] = []): Promise<string> {
  const outbox = path.join(dataDir, 'outbox');
  const escaped = pathname.replace(/[^A-Za-z0-9/_-]/g, (c) => `\\${c}`);
  const pattern = new RegExp(`https?://[^\\s"<>]+${escaped}\\?token=[A-Za-z0-9_-]+(?:&(?:amp;)?address=recovery)?`, 'g');
  for (let attempt = 0; attempt < 100; attempt++) {
    const files = fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => f.endsWith('.eml')).sort() : [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(outbox, file), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
      for (const match of text.matchAll(pattern)) if (!exclude.includes(match[0])) return match[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail with a ${pathname} link in the outbox`);
}
