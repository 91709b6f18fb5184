import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, newContext, saveRecoveryCodes, screenshots, signIn, startAll, stopAll, turnOnTwoFactor } from './harness.js';

/**
 * Passkeys in the dashboard, with Chromium's virtual authenticator (the CDP WebAuthn domain): a
 * platform authenticator that holds discoverable credentials, verifies the user and answers
 * without a touch. The server runs on http://localhost:PORT, since browsers refuse WebAuthn on
 * IP-address origins.
 *
 * Autofill: headless Chromium draws no suggestion list. With a virtual authenticator, the
 * conditional request (mediation "conditional", started when the sign-in page loads) is answered
 * with the authenticator's credential as soon as the username field has focus (its autofocus,
 * or a click), as if the person had picked the only suggestion. So the test shows the field is
 * marked `username webauthn`, that the page started a conditional request by itself, and that
 * answering it signs in; the chooser itself is the browser's and is not drawn here. The same
 * answer comes whenever a field gains focus (or the window is resized for a screenshot), so the sign-in
 * steps run in a second browser profile ("another device") into which the passkey is copied
 * only when it is to be used.
 */

/** A second browser profile on the sign-in page, without an authenticator yet. */
async function anotherDevice(browser: Browser, server: TestServer): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await recordPasskeyRequests(page);
  await page.goto(`${server.url}/signin`);
  await expect.poll(() => passkeyRequests(page)).toEqual(['conditional']);
  return { context, page };
}

/** A credential as the CDP WebAuthn domain gives and takes it (binary fields in base64, the private key as PKCS#8). */
type Credential = { credentialId: string; isResidentCredential: boolean; rpId?: string; userHandle?: string; privateKey: string; signCount: number };

interface Authenticator {
  cdp: CDPSession;
  authenticatorId: string;
  /** The credentials the authenticator holds now. */
  credentials(): Promise<Credential[]>;
  /** Puts a credential in (a passkey that another device holds, or one the browser dropped). */
  add(credential: Credential): Promise<void>;
}

/** Chromium's virtual platform authenticator in this page, optionally holding `credentials` already. */
async function virtualAuthenticator(context: BrowserContext, page: Page, credentials: Credential[] = []): Promise<Authenticator> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  const authenticator: Authenticator = {
    cdp,
    authenticatorId,
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials as Credential[],
    add: async (credential) => {
      await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
    },
  };
  for (const credential of credentials) await authenticator.add(credential);
  return authenticator;
}

/**
 * Every navigator.credentials.get the page makes, by mediation ("conditional" for autofill,
 * "modal" otherwise), in window.__passkeyRequests; aborted ones counted in __passkeyAborts.
 * (Page code as text: the tests are type-checked without the DOM library.)
 */
async function recordPasskeyRequests(page: Page): Promise<void> {
  await page.addInitScript(`
    window.__passkeyRequests = [];
    window.__passkeyAborts = 0;
    const get = navigator.credentials.get.bind(navigator.credentials);
    navigator.credentials.get = (options) => {
      window.__passkeyRequests.push(options?.mediation ?? 'modal');
      options?.signal?.addEventListener('abort', () => window.__passkeyAborts++);
      return get(options);
    };
  `);
}

const passkeyRequests = async (page: Page) => (await page.evaluate('window.__passkeyRequests ?? []')) as string[];
const passkeyAborts = async (page: Page) => (await page.evaluate('window.__passkeyAborts ?? 0')) as number;
const focusedLabel = async (page: Page) => (await page.evaluate("document.activeElement?.getAttribute('aria-label') ?? null")) as string | null;

/** A fresh browser profile with its own authenticator, signed in with the password. */
async function signedInWithAuthenticator(browser: Browser, server: TestServer, user: { username: string; password: string }) {
  const context = await newContext(browser);
  const page = await context.newPage();
  const authenticator = await virtualAuthenticator(context, page);
  await recordPasskeyRequests(page);
  await signIn(page, server, user);
  return { context, page, authenticator };
}

/** Adds a passkey on the Security view (optionally named) and waits for its row. */
async function addPasskey(page: Page, server: TestServer, name?: string): Promise<void> {
  await page.goto(`${server.url}/security`);
  const card = page.getByRole('region', { name: 'Passkeys', exact: true });
  await card.waitFor();
  const before = await page.getByTestId('passkey-item').count();
  if (name) await card.getByLabel('Name (optional)').fill(name);
  await card.getByRole('button', { name: 'Add a passkey' }).click();
  await card.getByText(/^Passkey “.+” added\./).waitFor();
  await expect.poll(() => page.getByTestId('passkey-item').count()).toBe(before + 1);
}

describe('dashboard: passkeys', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAll({}, { localhost: true }));
  });
  afterAll(() => stopAll(browser, server));

  it('given a user, when they add a passkey on the Security view, then it is listed, the same authenticator cannot add a second, and the passkey button signs them in', async () => {
    const user = await server.createUser();
    const { context, page, authenticator } = await signedInWithAuthenticator(browser, server, user);
    await page.goto(`${server.url}/security`);
    const card = page.getByRole('region', { name: 'Passkeys', exact: true });
    await card.getByText('No passkeys yet.').waitFor();
    await screenshots(page, 'security-passkeys-empty');

    await addPasskey(page, server, 'Work laptop');
    const row = page.getByTestId('passkey-item');
    await row.getByText('Work laptop').waitFor();
    // The virtual authenticator is a platform one that does not back up its keys.
    await row.getByText('This device only').waitFor();
    expect(await row.locator('dd').allTextContents()).toContain('Never');
    await row.getByText('Built in').waitFor();
    const held = await authenticator.credentials();
    expect(held).toHaveLength(1);
    expect(held[0]!.isResidentCredential).toBe(true);
    await screenshots(page, 'security-passkeys-list');

    // The registration options exclude the passkey it holds: the browser answers InvalidStateError.
    await card.getByRole('button', { name: 'Add a passkey' }).click();
    await expect.poll(() => card.getByRole('alert').textContent()).toBe('This authenticator already holds a passkey for your account.');
    expect(await authenticator.credentials()).toHaveLength(1);
    await screenshots(page, 'security-passkeys-already-registered');

    const credentials = await authenticator.credentials();
    await context.close();

    const other = await anotherDevice(browser, server);
    await screenshots(other.page, 'signin-passkey');
    await virtualAuthenticator(other.context, other.page, credentials);
    await other.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await other.page.getByTestId('shell').waitFor();
    // The button's request was a modal one (it ended the pending autofill request first).
    expect(await passkeyRequests(other.page)).toEqual(['conditional', 'modal']);

    await other.page.goto(`${server.url}/sessions`);
    await other.page.getByTestId('active-sessions').getByText('Passkey', { exact: true }).waitFor();
    await other.page.goto(`${server.url}/security`);
    // Signing in used it.
    await other.page.getByTestId('passkey-item').getByText('now').waitFor();
    await other.context.close();
  });

  it('given a user with a passkey, when the username field has focus, then the autofill request signs them in', async () => {
    const user = await server.createUser();
    const first = await signedInWithAuthenticator(browser, server, user);
    await addPasskey(first.page, server);
    const credentials = await first.authenticator.credentials();
    await first.context.close();

    const { context, page } = await anotherDevice(browser, server);
    const field = page.getByLabel('Username or email');
    expect(await field.getAttribute('autocomplete')).toBe('username webauthn');
    await screenshots(page, 'signin-autofill-waiting');
    await virtualAuthenticator(context, page, credentials);
    // The page starts the conditional request by itself; Chromium answers it once the field has
    // focus: its autofocus may be enough, else the click (no button, no password).
    await page.reload();
    await field.click({ timeout: 2000 }).catch(() => undefined);
    await page.getByTestId('shell').waitFor();
    expect(await passkeyRequests(page)).toEqual(['conditional']);
    await page.goto(`${server.url}/sessions`);
    await page.getByTestId('active-sessions').getByText('Passkey', { exact: true }).waitFor();
    await context.close();
  });

  it('given the sign-in page, when the password form is sent, then the autofill request is ended first and a new one follows a refusal', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await recordPasskeyRequests(page);
    await page.goto(`${server.url}/signin`);
    await expect.poll(() => passkeyRequests(page)).toEqual(['conditional']);
    await page.getByLabel('Username or email').fill(user.username);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The username or password is wrong.');
    // The first request was aborted (the library aborts it before any other), a fresh one waits.
    await expect.poll(() => passkeyRequests(page)).toEqual(['conditional', 'conditional']);
    expect(await passkeyAborts(page)).toBe(1);
    await context.close();
  });

  it('given a user with a passkey and an authenticator app, when they sign in with the password, then the passkey is offered first, the codes on request, and the passkey completes the sign-in', async () => {
    const user = await server.createUser();
    const first = await signedInWithAuthenticator(browser, server, user);
    await first.page.goto(`${server.url}/security`);
    await turnOnTwoFactor(first.page);
    await saveRecoveryCodes(first.page);
    await addPasskey(first.page, server, 'Laptop');
    const credentials = await first.authenticator.credentials();
    await first.context.close();

    // Another browser profile; the passkey comes along when it is asked for.
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user, 'second factor');
    const usePasskey = page.getByRole('button', { name: 'Use your passkey' });
    await usePasskey.waitFor();
    await screenshots(page, 'signin-second-factor-passkey');
    // The other ways stay one click away, and back.
    await page.getByRole('button', { name: 'Use the authenticator app instead' }).click();
    await page.getByLabel('Authentication code').waitFor();
    await page.getByRole('button', { name: 'Use a passkey instead' }).click();
    await virtualAuthenticator(context, page, credentials);
    await usePasskey.click();
    await page.getByTestId('shell').waitFor();
    await page.goto(`${server.url}/sessions`);
    await page.getByTestId('active-sessions').getByText('Password and passkey').waitFor();
    await context.close();
  });

  it('given a user whose only second factor is a passkey, when they sign in with the password, then the passkey is the only way offered', async () => {
    const user = await server.createUser();
    const first = await signedInWithAuthenticator(browser, server, user);
    await addPasskey(first.page, server);
    const credentials = await first.authenticator.credentials();
    await first.context.close();

    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user, 'second factor');
    await page.getByRole('button', { name: 'Use your passkey' }).waitFor();
    expect(await page.getByRole('button', { name: /instead$/ }).count()).toBe(0);
    await virtualAuthenticator(context, page, credentials);
    await page.getByRole('button', { name: 'Use your passkey' }).click();
    await page.getByTestId('shell').waitFor();
    await context.close();
  });
});

describe('dashboard: renaming and deleting passkeys', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    // A short re-authentication window: the deletion asks to confirm it's you.
    ({ server, browser } = await startAll({ USERHUB_REAUTH_WINDOW: '2s' }, { localhost: true }));
  });
  afterAll(() => stopAll(browser, server));

  it('given a user with a passkey, when they rename it, delete it confirming with the passkey, then a sign-in with it is refused as unknown', async () => {
    const user = await server.createUser();
    const { context, page, authenticator } = await signedInWithAuthenticator(browser, server, user);
    // Adding is sensitive too: past the window, the dialog asks; the password does it.
    await page.waitForTimeout(2100);
    await page.goto(`${server.url}/security`);
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' });
    await dialog.waitFor();
    await dialog.getByLabel('Password').fill(user.password);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(/^Passkey “.+” added\./).waitFor();
    const [credential] = await authenticator.credentials();
    expect(credential).toBeDefined();

    // Rename in place: the row's actions name the passkey.
    const defaultName = ((await page.getByTestId('passkey-item').locator('.item-title').textContent()) ?? '').replace('This device only', '').trim();
    await page.getByRole('button', { name: `Rename passkey ${defaultName}` }).click();
    await page.getByLabel(`New name for ${defaultName}`).fill('Old phone');
    await screenshots(page, 'security-passkeys-rename');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Rename passkey Old phone' }).waitFor();
    await expect.poll(() => focusedLabel(page)).toBe('Rename passkey Old phone');

    // Delete: confirm, then (past the window) confirm it's you with the passkey itself.
    await page.waitForTimeout(2100);
    await page.getByRole('button', { name: 'Delete passkey Old phone' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this passkey?' });
    await confirm.getByText('“Old phone” will no longer sign you in').waitFor();
    await screenshots(page, 'security-passkeys-delete');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Use a passkey' }).waitFor();
    await screenshots(page, 'reauth-passkey');
    await dialog.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByText('No passkeys yet.').waitFor();
    // The "all accepted" signal (none left for this user handle): the browser dropped the passkey.
    await expect.poll(async () => (await authenticator.credentials()).length).toBe(0);
    await context.close();

    // Another device still holds it: the server refuses it as unknown, and tells that browser so.
    const other = await anotherDevice(browser, server);
    const elsewhere = await virtualAuthenticator(other.context, other.page, [credential!]);
    await other.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect
      .poll(() => other.page.getByRole('alert').textContent())
      .toBe('This passkey is not registered here (it may have been deleted). Use another passkey or your password.');
    expect(await other.page.getByTestId('shell').count()).toBe(0);
    await expect.poll(async () => (await elsewhere.credentials()).length).toBe(0);
    await screenshots(other.page, 'signin-passkey-unknown');
    await other.context.close();
  });

  it('given a user with a passkey, when an admin resets their two-factor, then the admin is told how many passkeys went and the user signs in with the password alone', async () => {
    const user = await server.createUser();
    const admin = await server.createUser({ role: 'admin' });
    const owner = await signedInWithAuthenticator(browser, server, user);
    await addPasskey(owner.page, server, 'Phone');
    await owner.context.close();

    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);
    await page.goto(`${server.url}/admin/users`);
    await page.getByRole('link', { name: `Open ${user.username}`, exact: true }).click();
    const edit = page.getByRole('main');
    await edit.getByText('Passkeys', { exact: true }).waitFor();
    await edit.getByRole('button', { name: 'Reset two-factor', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Reset two-factor authentication?' });
    await confirm.getByText('every passkey are removed').waitFor();
    await confirm.getByRole('button', { name: 'Reset two-factor', exact: true }).click();
    await edit.getByText('Two-factor authentication has been reset: no authenticator app, 1 passkey(s) removed, 1 session(s) ended.').waitFor();
    await screenshots(page, 'admin-reset-passkeys');
    await context.close();

    const after = await newContext(browser);
    const userPage = await after.newPage();
    await signIn(userPage, server, user);
    await userPage.goto(`${server.url}/security`);
    await userPage.getByRole('region', { name: 'Passkeys', exact: true }).getByText('No passkeys yet.').waitFor();
    await after.close();
  });
});
