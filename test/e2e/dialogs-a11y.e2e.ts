import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, MOBILE, apiAs, axeViolations, hasFocus, newContext, screenshots, signIn, startAll, startTwoFactorSetup, stopAll, totpCode } from './harness.js';

/**
 * Issue 18, point 7 (keyboard and screen readers): every dialog of the dashboard passes axe
 * (WCAG 2.2 AA) in the light and the dark theme, Escape closes only the innermost one and the
 * focus goes back to what opened it; every row action names its row; the focus is never left on
 * the page's body after an error, a one-time secret, a closed dialog or a removed row.
 */

type Who = 'user' | 'totp' | 'admin';

interface DialogCase {
  /** what the dialog is, for the failure message */
  name: string;
  who: Who;
  /** the page it is opened from, below the server's origin */
  path: (ids: Seeded) => string;
  /** the button that opens it */
  opener: (page: Page) => Locator;
  /** the dialog's accessible name (its title) */
  title: string | RegExp;
}

interface Seeded {
  userId: string;
  totpId: string;
}

const byName = (name: string | RegExp) => (page: Page) => page.getByRole('button', { name, exact: typeof name === 'string' });

/** Every dialog a button opens; the re-authentication prompt, the nesting and the drawer are below. */
const DIALOGS: DialogCase[] = [
  { name: 'delete account', who: 'user', path: () => '/security', opener: byName('Delete my account…'), title: 'Delete your account?' },
  { name: 'turn off 2FA', who: 'totp', path: () => '/security', opener: byName('Turn off'), title: 'Turn off two-factor authentication?' },
  { name: 'new recovery codes', who: 'totp', path: () => '/security', opener: byName('New recovery codes'), title: 'Create new recovery codes?' },
  { name: 'revoke token', who: 'user', path: () => '/tokens', opener: byName('Revoke token backup-script'), title: 'Revoke this token?' },
  { name: 'delete app password', who: 'user', path: () => '/app-passwords', opener: byName('Delete app password Phone mail'), title: 'Delete this app password?' },
  { name: 'end a session', who: 'user', path: () => '/sessions', opener: (page) => page.getByRole('button', { name: /^End session on / }).first(), title: 'End this session?' },
  { name: 'end all other sessions', who: 'user', path: () => '/sessions', opener: byName('Sign out all other sessions'), title: 'Sign out all other sessions?' },
  { name: 'lock my account', who: 'user', path: () => '/sessions', opener: byName('This wasn’t me: lock my account'), title: 'Lock your account?' },
  { name: 'admin: new user', who: 'admin', path: () => '/admin/users', opener: byName('New user'), title: 'New user' },
  { name: 'admin: new organisation', who: 'admin', path: () => '/admin/accounts', opener: byName('New organisation'), title: 'New organisation' },
  { name: 'admin: edit app', who: 'admin', path: () => '/admin/apps', opener: byName('Edit Mail'), title: 'Edit “Mail”' },
  { name: 'admin: new app secret', who: 'admin', path: () => '/admin/apps', opener: byName('New secret for Mail'), title: 'Replace the app secret?' },
  { name: 'admin: delete app', who: 'admin', path: () => '/admin/apps', opener: byName('Delete app Mail'), title: 'Delete this app?' },
  { name: 'admin: reset 2FA', who: 'admin', path: (ids) => `/admin/users/${ids.totpId}`, opener: byName('Reset two-factor'), title: 'Reset two-factor authentication?' },
  { name: 'admin: disable user', who: 'admin', path: (ids) => `/admin/users/${ids.userId}`, opener: byName('Disable user'), title: /^Disable .+\?$/ },
  { name: 'admin: delete user', who: 'admin', path: (ids) => `/admin/users/${ids.userId}`, opener: byName('Delete'), title: 'Delete this user?' },
  { name: "admin: end a user's session", who: 'admin', path: (ids) => `/admin/users/${ids.userId}`, opener: (page) => page.getByRole('button', { name: /^End session / }).first(), title: 'End this session?' },
  { name: "admin: end all of a user's sessions", who: 'admin', path: (ids) => `/admin/users/${ids.userId}`, opener: byName('End every session'), title: /^Sign .+ out everywhere\?$/ },
];

/** The focused element, as a screen reader would name it (or "body" when the focus is lost). */
const focused = (page: Page) =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return (el.getAttribute('aria-label') || el.textContent || el.tagName).trim();
  })()`) as Promise<string>;

/** Chromium's virtual platform authenticator in this page (the passkey's dialogs need one passkey). */
async function virtualAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
}

async function openView(page: Page, server: TestServer, path: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await page.getByTestId('shell').waitFor();
  await page.getByRole('heading', { level: 1 }).waitFor();
}

describe('dialogs: axe, Escape and focus', () => {
  let server: TestServer;
  let browser: Browser;
  const users = {} as Record<Who, { id: string; username: string; password: string }>;
  let ids: Seeded;
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    // on localhost: browsers refuse passkeys on an IP address
    ({ server, browser } = await startAll({}, { localhost: true }));
    users.admin = await server.createUser({ role: 'admin', displayName: 'Ada Admin' });
    users.user = await server.createUser({ displayName: 'Una User' });
    users.totp = await server.createUser({ displayName: 'Tom Totp' });
    const admin = await apiAs(server, users.admin);
    const app = await admin.post('/api/v1/admin/apps', { name: 'Mail', url: 'https://mail.example.com' });
    expect(app.status).toBe(201);
    // the user's API session is the "other session" of Sessions and of their admin page
    const user = await apiAs(server, users.user);
    for (const name of ['backup-script', 'deploy-bot', 'nightly-sync']) expect((await user.post('/api/v1/tokens', { name, scope: 'readonly' })).status).toBe(201);
    for (const name of ['Phone mail', 'Laptop mail']) expect((await user.post('/api/v1/app-passwords', { name, appId: app.body.id })).status).toBe(201);
    const totp = await apiAs(server, users.totp);
    const { secret } = (await totp.post('/api/v1/profile/twofactor/totp/setup')).body as { secret: string };
    const enabled = await totp.post('/api/v1/profile/twofactor/totp/enable', { code: totpCode(secret) });
    expect(enabled.status).toBe(200);
    // one per sign-in (a TOTP code would be a replay within its 30 s step)
    recoveryCodes = enabled.body.recoveryCodes as string[];
    ids = { userId: users.user.id, totpId: users.totp.id };
  });
  afterAll(() => stopAll(browser, server));

  it.each(['light', 'dark'] as const)('given the %s theme, then every dialog has no axe violation, Escape closes it and the focus is back on its opener', async (scheme) => {
    for (const who of ['user', 'totp', 'admin'] as const) {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      if (who === 'totp') {
        await signIn(page, server, users.totp, 'second factor');
        await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
        await page.getByLabel('Recovery code').fill(recoveryCodes.shift()!);
        await page.getByRole('button', { name: 'Verify' }).click();
        await page.getByTestId('shell').waitFor();
      } else {
        await signIn(page, server, users[who]);
      }
      expect(await page.evaluate('document.documentElement.dataset.theme')).toBe(scheme);
      for (const dialog of DIALOGS.filter((d) => d.who === who)) {
        await openView(page, server, dialog.path(ids));
        const opener = dialog.opener(page);
        await opener.click();
        const open = page.getByRole('dialog', { name: dialog.title });
        await open.waitFor();
        // a native modal: what is behind it is out of reach (axe then checks only the dialog)
        expect(await page.evaluate('document.querySelector("dialog[open]")?.matches(":modal")'), dialog.name).toBe(true);
        expect(await axeViolations(page), `${dialog.name} (${scheme})`).toEqual([]);
        if (scheme === 'dark' && (dialog.name === 'delete account' || dialog.name === 'admin: edit app')) await screenshots(page, `dialog-${scheme}-${dialog.name.replace(/\W+/g, '-')}`);
        await page.keyboard.press('Escape');
        await open.waitFor({ state: 'hidden' });
        expect(await hasFocus(opener), `${dialog.name}: focus after Escape is on "${await focused(page)}"`).toBe(true);
      }
      await context.close();
    }
  });

  it('given each list, then every row action names its row', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, users.user);
    const expected: Record<string, string[]> = {
      '/tokens': ['Revoke token backup-script', 'Revoke token deploy-bot', 'Revoke token nightly-sync'],
      '/app-passwords': ['Delete app password Phone mail', 'Delete app password Laptop mail'],
    };
    for (const [path, names] of Object.entries(expected)) {
      await openView(page, server, path);
      for (const name of names) await expect.poll(() => page.getByRole('button', { name, exact: true }).count(), { message: `${path}: ${name}` }).toBe(1);
    }
    await openView(page, server, '/sessions');
    // every other session's button names its device (the API's session and earlier browsers)
    const sessions = page.getByTestId('active-sessions');
    await sessions.getByRole('button').first().waitFor();
    const all = await sessions.getByRole('button').count();
    expect(all).toBeGreaterThan(0);
    expect(await sessions.getByRole('button', { name: /^End session on .+/ }).count()).toBe(all);
    await context.close();

    const admins = await (await newContext(browser)).newPage();
    await signIn(admins, server, users.admin);
    await openView(admins, server, '/admin/apps');
    for (const name of ['Edit Mail', 'New secret for Mail', 'Delete app Mail']) await expect.poll(() => admins.getByRole('button', { name, exact: true }).count(), { message: name }).toBe(1);
    // the row's visible words stay short: the name is in the accessible name only
    expect(await admins.getByRole('button', { name: 'Delete app Mail' }).textContent()).toBe('Delete');
    const adminApi = await apiAs(server, users.admin);
    expect((await adminApi.post('/api/v1/admin/accounts', { name: 'Acme Vendor', type: 'vendor' })).status).toBe(201);
    await openView(admins, server, '/admin/accounts');
    await expect.poll(() => admins.getByRole('link', { name: 'Manage Acme Vendor', exact: true }).count()).toBe(1);
    await openView(admins, server, `/admin/users/${ids.userId}`);
    await expect.poll(() => admins.getByTestId('user-sessions').getByRole('button', { name: /^End session .+/ }).count()).toBeGreaterThan(0);
    await admins.context().close();
  });

  it('given a form that fails or a one-time secret that appears, then the focus is on the field, the secret’s title, and after Done on the form again', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, users.user);
    await openView(page, server, '/tokens');
    // submitting without a name: the focus goes to the name field, marked
    await page.getByRole('button', { name: 'Create token' }).click();
    const name = page.getByLabel('Name', { exact: true });
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    expect(await hasFocus(name)).toBe(true);
    // a refusal that names no field (the server unreachable): its alert, and the focus not on the body
    await name.fill('ci-runner');
    await page.route('**/api/v1/tokens', (route) => (route.request().method() === 'POST' ? route.abort('connectionrefused') : route.fallback()));
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('alert').waitFor();
    // disabled while its request ran, the button has the focus again
    await expect.poll(() => focused(page)).toBe('Create token');
    await page.unroute('**/api/v1/tokens');
    await page.getByRole('button', { name: 'Create token' }).click();
    const title = page.getByText('Your new token “ci-runner”');
    await title.waitFor();
    // the button that was pressed is gone with its form: the focus is on the secret's title
    await expect.poll(() => hasFocus(title)).toBe(true);
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => hasFocus(page.getByLabel('Name', { exact: true }))).toBe(true);

    // a save that works: "Saved." and the focus still on Save
    await openView(page, server, '/profile');
    await page.getByLabel('Display name').fill('Una Renamed');
    await page.getByRole('button', { name: 'Save', exact: true }).first().click();
    await page.getByText('Saved.').first().waitFor();
    await expect.poll(() => focused(page)).toBe('Save');

    await openView(page, server, '/app-passwords');
    await page.getByLabel('Name', { exact: true }).fill('Tablet mail');
    await page.getByRole('button', { name: 'Create app password' }).click();
    const passwordTitle = page.getByText('App password for “Tablet mail”');
    await passwordTitle.waitFor();
    await expect.poll(() => hasFocus(passwordTitle)).toBe(true);
    expect(await focused(page)).not.toBe('body');
    await context.close();

    // recovery codes: on their heading once 2FA is on
    const fresh = await server.createUser();
    const other = await (await newContext(browser)).newPage();
    await signIn(other, server, fresh);
    await openView(other, server, '/security');
    const secret = await startTwoFactorSetup(other);
    const code = other.getByLabel('Enter the 6-digit code the app shows');
    // a wrong code: the focus stays on the code field, marked
    await code.fill('000000');
    await other.getByRole('button', { name: 'Turn on' }).click();
    await expect.poll(() => code.getAttribute('aria-invalid')).toBe('true');
    expect(await hasFocus(code)).toBe(true);
    await code.fill(totpCode(secret));
    await other.getByRole('button', { name: 'Turn on' }).click();
    const heading = other.getByRole('heading', { name: 'Your recovery codes' });
    await heading.waitFor();
    await expect.poll(() => hasFocus(heading)).toBe(true);
    await other.context().close();
  });

  it('given a row revoked, then the focus moves to the next row’s action (the last: the list’s heading); a revoke that fails keeps the focus on its button', async () => {
    const owner = await server.createUser();
    const api = await apiAs(server, owner);
    const created: Record<string, string> = {};
    for (const name of ['alpha', 'beta']) created[name] = (await api.post('/api/v1/tokens', { name, scope: 'readonly' })).body.id;
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, owner);
    await openView(page, server, '/tokens');
    const list = page.getByTestId('token-list');
    await list.getByRole('button', { name: 'Revoke token beta' }).waitFor();
    // the list is newest first: beta, then alpha
    await list.getByRole('button', { name: 'Revoke token beta' }).click();
    await page.getByRole('dialog', { name: 'Revoke this token?' }).getByRole('button', { name: 'Revoke' }).click();
    await list.getByRole('button', { name: 'Revoke token beta' }).waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('Revoke token alpha');

    // gone elsewhere meanwhile: the server says so, and the focus stays where it was
    expect((await api.delete(`/api/v1/tokens/${created.alpha}`)).status).toBe(204);
    await list.getByRole('button', { name: 'Revoke token alpha' }).click();
    await page.getByRole('dialog', { name: 'Revoke this token?' }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('alert').waitFor();
    expect(await focused(page)).not.toBe('body');
    await context.close();

    const last = await server.createUser();
    const lastApi = await apiAs(server, last);
    expect((await lastApi.post('/api/v1/tokens', { name: 'only-one', scope: 'readonly' })).status).toBe(201);
    const page2 = await (await newContext(browser)).newPage();
    await signIn(page2, server, last);
    await openView(page2, server, '/tokens');
    await page2.getByRole('button', { name: 'Revoke token only-one' }).click();
    await page2.getByRole('dialog', { name: 'Revoke this token?' }).getByRole('button', { name: 'Revoke' }).click();
    await page2.getByText('You have no API tokens.').waitFor();
    await expect.poll(() => focused(page2)).toBe('Your tokens');
    await page2.context().close();
  });

  it.each(['light', 'dark'] as const)('given the %s theme, then a passkey’s rename form and delete dialog, the 2FA set-up, the fresh recovery codes, the leave-without-them dialog and a new token have no axe violation', async (scheme) => {
    const person = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await virtualAuthenticator(context, page);
    await signIn(page, server, person);

    await openView(page, server, '/security');
    const card = page.getByRole('region', { name: 'Passkeys', exact: true });
    await card.getByLabel('Name (optional)').fill('Work laptop');
    await card.getByRole('button', { name: 'Add a passkey' }).click();
    await card.getByText(/^Passkey “Work laptop” added\./).waitFor();
    const remove = page.getByRole('button', { name: 'Delete passkey Work laptop', exact: true });
    await remove.click();
    const confirm = page.getByRole('dialog', { name: 'Delete this passkey?' });
    await confirm.waitFor();
    expect(await axeViolations(page), `passkey delete (${scheme})`).toEqual([]);
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    expect(await hasFocus(remove)).toBe(true);
    const rename = page.getByRole('button', { name: 'Rename passkey Work laptop', exact: true });
    await rename.click();
    const field = page.getByLabel('New name for Work laptop');
    await field.waitFor();
    expect(await axeViolations(page), `passkey rename (${scheme})`).toEqual([]);
    // Escape in the rename form ends only the form, the focus back on its Rename button
    await page.keyboard.press('Escape');
    await expect.poll(() => hasFocus(rename)).toBe(true);

    const secret = await startTwoFactorSetup(page);
    expect(await axeViolations(page), `2FA set-up (${scheme})`).toEqual([]);
    await page.getByLabel('Enter the 6-digit code the app shows').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    expect(await axeViolations(page), `recovery codes (${scheme})`).toEqual([]);
    // signing out before "I saved them" asks first
    const signOut = page.getByRole('banner').getByRole('button', { name: 'Sign out' });
    await signOut.click();
    const leave = page.getByRole('dialog', { name: 'Leave without your recovery codes?' });
    await leave.waitFor();
    expect(await axeViolations(page), `leave without codes (${scheme})`).toEqual([]);
    await page.keyboard.press('Escape');
    await leave.waitFor({ state: 'hidden' });
    expect(await hasFocus(signOut)).toBe(true);
    await page.getByLabel('I have saved my recovery codes').check();
    await page.getByRole('button', { name: 'Done' }).click();

    await openView(page, server, '/tokens');
    await page.getByLabel('Name', { exact: true }).fill('report-job');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByTestId('new-token').waitFor();
    expect(await axeViolations(page), `new token (${scheme})`).toEqual([]);
    await context.close();
  });

  it('given the navigation drawer open at 375 px, then axe finds nothing in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const context = await newContext(browser, MOBILE);
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await signIn(page, server, users.user);
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link').first().waitFor();
      expect(await axeViolations(page), `drawer (${scheme})`).toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => focused(page)).toBe('Menu');
      await context.close();
    }
  });
});

describe('nested dialogs and the re-authentication prompt', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    // A short re-authentication window: past it, downloading the data asks to confirm it's you.
    ({ server, browser } = await startAll({ USERHUB_REAUTH_WINDOW: '2s' }));
  });
  afterAll(() => stopAll(browser, server));

  it.each(['light', 'dark'] as const)(
    'given the %s theme and the deletion dialog, when "Download your data" asks to confirm it’s you, then axe finds nothing, one Escape closes only that prompt, a second the deletion dialog, each giving the focus back',
    async (scheme) => {
      const user = await server.createUser();
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await signIn(page, server, user);
      await openView(page, server, '/security');
      const start = page.getByRole('button', { name: 'Delete my account…' });
      await start.click();
      const outer = page.getByRole('dialog', { name: 'Delete your account?' });
      await outer.waitFor();
      // past the window the export is refused until the user confirms it's them
      await page.waitForTimeout(2100);
      const download = outer.getByRole('button', { name: 'Download your data' });
      await download.click();
      const inner = page.getByRole('dialog', { name: 'Confirm it’s you' });
      await inner.waitFor();
      expect(await axeViolations(page), `reauth (${scheme})`).toEqual([]);
      if (scheme === 'dark') await screenshots(page, 'dialog-dark-reauth-nested');

      await page.keyboard.press('Escape');
      await inner.waitFor({ state: 'hidden' });
      expect(await outer.isVisible()).toBe(true);
      await expect.poll(() => hasFocus(download)).toBe(true);
      // the cancelled prompt is no error to show
      expect(await outer.getByRole('alert').count()).toBe(0);

      await page.keyboard.press('Escape');
      await outer.waitFor({ state: 'hidden' });
      await expect.poll(() => hasFocus(start)).toBe(true);
      await context.close();
    },
  );

  it('given the prompt, when a wrong password is sent, then the focus is on the marked password field; the right one goes on and the focus is back in the dialog beneath', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await openView(page, server, '/security');
    await page.getByRole('button', { name: 'Delete my account…' }).click();
    const outer = page.getByRole('dialog', { name: 'Delete your account?' });
    await outer.waitFor();
    await page.waitForTimeout(2100);
    const download = outer.getByRole('button', { name: 'Download your data' });
    await download.click();
    const inner = page.getByRole('dialog', { name: 'Confirm it’s you' });
    const password = inner.getByLabel('Password');
    await password.fill('not the password');
    await inner.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
    expect(await hasFocus(password)).toBe(true);
    await password.fill(user.password);
    const saved = page.waitForEvent('download');
    await inner.getByRole('button', { name: 'Confirm' }).click();
    await inner.waitFor({ state: 'hidden' });
    expect((await saved).suggestedFilename()).toMatch(/\.zip$/);
    await expect.poll(() => hasFocus(download)).toBe(true);
    await context.close();
  });

  it('given a select inside a dialog, when its list is open, then Escape closes the list and not the dialog', async () => {
    const admin = await server.createUser({ role: 'admin' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);
    await openView(page, server, '/admin/users');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.waitFor();
    const role = dialog.getByLabel('Role');
    await role.focus();
    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    expect(await hasFocus(role)).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await context.close();
  });
});
