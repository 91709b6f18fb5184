import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers/client.js';
import { type TestServer, apiAs, expectFieldError, newContext, saveRecoveryCodes, screenshots, signIn, startAll, stopAll, turnOnTwoFactor } from './harness.js';

/**
 * Single sign-on in a real browser: a tiny relying party (node:http on loopback, openid-client
 * doing discovery, the authorization URL with PKCE S256 and the code exchange) sends Chromium to
 * our authorization endpoint; the dashboard signs the user in, asks for consent (or says they
 * have no access, or that the app wants two-factor first) and the browser lands back on the app.
 * The server runs on http://localhost:PORT with USERHUB_ORIGIN set to it, so the issuer the
 * relying party discovers is the address the browser uses.
 */

interface RelyingParty {
  url: string;
  redirectUri: string;
  /** signs in to the app with this client_id from now on (discovery from our issuer) */
  use(clientId: string): Promise<void>;
  close(): Promise<void>;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A public client (PKCE only): `/login` starts a sign-in, `/callback` exchanges the code and shows
 * `preferred_username` from the ID token, or the error the provider sent back.
 */
async function startRelyingParty(issuer: string): Promise<RelyingParty> {
  let config: oidc.Configuration | null = null;
  const pending = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const page = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><title>Wiki</title></head><body>${body}</body></html>`);
    };
    void (async () => {
      const url = new URL(req.url ?? '/', rp.url);
      if (!config) return page(503, '<p>not configured</p>');
      if (url.pathname === '/login') {
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        pending.set(state, verifier);
        const target = oidc.buildAuthorizationUrl(config, {
          redirect_uri: rp.redirectUri,
          scope: 'openid profile email',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
          // `/login?prompt=login`: the app asks for a fresh sign-in
          ...(url.searchParams.get('prompt') === 'login' ? { prompt: 'login' } : {}),
        });
        res.writeHead(302, { location: target.href }).end();
        return;
      }
      if (url.pathname === '/callback') {
        const error = url.searchParams.get('error');
        if (error) return page(200, `<h1>Not signed in</h1><p data-testid="rp-error">error=${escape(error)}</p>`);
        const state = url.searchParams.get('state') ?? '';
        const verifier = pending.get(state);
        if (!verifier) return page(400, '<p>unknown state</p>');
        pending.delete(state);
        const tokens = await oidc.authorizationCodeGrant(config, url, { pkceCodeVerifier: verifier, expectedState: state });
        const claims = tokens.claims();
        if (!claims) return page(500, '<p>no ID token</p>');
        // The ID token's claims; the provider keeps profile claims for userinfo in the code flow
        // (oidc-provider's conformIdTokenClaims), so an app asks there when the ID token lacks them.
        let username = claims.preferred_username;
        let source = 'id_token';
        if (username === undefined) {
          username = (await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)).preferred_username;
          source = 'userinfo';
        }
        return page(200, `<h1>Wiki</h1><p data-testid="rp-user" data-sub="${escape(claims.sub)}" data-source="${source}">Signed in as ${escape(String(username))}</p>`);
      }
      page(404, '<p>not found</p>');
    })().catch((error: unknown) => page(500, `<p data-testid="rp-failure">${escape(String(error))}</p>`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const rp: RelyingParty = {
    url: `http://localhost:${port}`,
    redirectUri: `http://localhost:${port}/callback`,
    async use(clientId) {
      config = await oidc.discovery(new URL(issuer), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return rp;
}

describe('single sign-on: an app signs users in with their account here', () => {
  let server: TestServer;
  let browser: Browser;
  let rp: RelyingParty;
  let admin: { username: string; password: string };
  let adminApi: TestClient;

  beforeAll(async () => {
    ({ server, browser } = await startAll({}, { localhost: true }));
    rp = await startRelyingParty(server.url);
    admin = await server.createUser({ role: 'admin', displayName: 'Ada Admin' });
    adminApi = await apiAs(server, admin);
  });
  afterAll(async () => {
    await rp?.close();
    await stopAll(browser, server);
  });

  /** Registers a public client for the relying party through the admin API. */
  const registerApp = async (body: Record<string, unknown> = {}) => {
    const res = await adminApi.post('/api/v1/admin/apps', { name: 'Wiki', url: 'https://wiki.example.com', redirectUris: [rp.redirectUri], confidential: false, ...body });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string };
  };

  const landOnApp = async (page: Page) => {
    await page.waitForURL((url) => url.href.startsWith(rp.redirectUri));
  };

  /** The app's page after the code exchange: this user's name, and their id as the ID token's `sub`. */
  const expectSignedInToApp = async (page: Page, user: { id: string; username: string }) => {
    const shown = page.getByTestId('rp-user');
    await expect.poll(() => shown.textContent()).toBe(`Signed in as ${user.username}`);
    expect(await shown.getAttribute('data-sub')).toBe(user.id);
  };

  it('given an admin registering the app in the dashboard, then the form takes its redirect URIs, refuses a non-https one and shows the client ID and discovery URL', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, admin);
    await page.goto(`${server.url}/admin/apps`);
    await page.getByLabel('Name', { exact: true }).fill('Team wiki');
    await page.getByLabel('Address').fill('https://wiki.example.com');
    await page.getByLabel('Redirect URIs', { exact: true }).fill('http://wiki.example.com/callback');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByText('Not accepted: http://wiki.example.com/callback', { exact: false }).waitFor();

    await page.getByLabel('Redirect URIs', { exact: true }).fill(`${rp.redirectUri}\nhttps://wiki.example.com/callback`);
    await page.getByLabel('Post-logout redirect URIs').fill('https://wiki.example.com/');
    await page.getByLabel('Keeps a secret').uncheck();
    await page.getByLabel('Do not ask').check();
    await page.getByText(`${server.url}/.well-known/openid-configuration`).waitFor();
    await screenshots(page, 'oidc-admin-register');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    const id = ((await page.getByTestId('app-id').textContent()) ?? '').trim();
    expect(id).not.toBe('');
    await page.getByRole('button', { name: 'Done' }).click();

    const saved = await adminApi.get(`/api/v1/admin/apps/${id}`);
    expect(saved.body).toMatchObject({
      name: 'Team wiki',
      redirectUris: [rp.redirectUri, 'https://wiki.example.com/callback'],
      postLogoutRedirectUris: ['https://wiki.example.com/'],
      backchannelLogoutUri: null,
      confidential: false,
      consent: 'implicit',
      access: { accounts: [], groups: [] },
    });

    // Access: only the members of a ticked group, then of a whole ticked account.
    const account = await adminApi.post('/api/v1/admin/accounts', { name: 'Design team', type: 'vendor' });
    expect(account.status, account.text).toBe(201);
    const editors = await adminApi.post(`/api/v1/admin/accounts/${account.body.id}/groups`, { name: 'Editors' });
    expect(editors.status, editors.text).toBe(201);
    await page.getByRole('button', { name: 'Edit Team wiki' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('client-id').textContent()).toBe(id);
    await expect.poll(() => dialog.getByLabel('Keeps a secret').isChecked()).toBe(false);
    await dialog.getByLabel('Ask each user').check();
    await dialog.getByText('Everyone with an account here. Tick organisations or groups to allow only their members.').waitFor();
    const groupsOfDesign = dialog.getByRole('group', { name: 'Groups of Design team' });
    await groupsOfDesign.getByLabel('Editors').check();
    await dialog.getByText('Only the members of the ticked organisations and groups.').waitFor();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await adminApi.get(`/api/v1/admin/apps/${id}`)).body).toMatchObject({ consent: 'required', access: { accounts: [], groups: [editors.body.id] } });
    await page.getByTestId('admin-apps').getByText('Members only: 0 organisations, 1 groups').waitFor();

    await page.getByRole('button', { name: 'Edit Team wiki' }).click();
    await expect.poll(() => groupsOfDesign.getByLabel('Editors').isChecked()).toBe(true);
    await dialog.getByLabel('Design team', { exact: true }).check();
    // the whole account is in: its groups are ticked and cannot be changed one by one
    await expect.poll(() => groupsOfDesign.getByLabel('Editors').isDisabled()).toBe(true);
    await screenshots(page, 'oidc-admin-edit');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await adminApi.get(`/api/v1/admin/apps/${id}`)).body).toMatchObject({ access: { accounts: [account.body.id], groups: [editors.body.id] } });
    await page.getByTestId('admin-apps').getByText('Members only: 1 organisations, 1 groups').waitFor();
    await context.close();
  });

  it('given a user signing in to the app, then they sign in here, see the consent page, and Cancel or Allow go back to the app; the second sign-in asks nothing, until they remove the app under Connected apps', async () => {
    const app = await registerApp();
    await rp.use(app.id);
    const user = await server.createUser({ displayName: 'Sam Sample' });
    const context = await newContext(browser);
    const page = await context.newPage();

    await page.goto(`${rp.url}/login`);
    await page.waitForURL(/\/signin\?next=%2Foidc%2Finteraction%2F/);
    await page.getByText('Sign in to continue to the app that sent you here.').waitFor();
    await page.getByLabel('Username or email').fill(user.username);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await page.waitForURL(/\/consent\//);
    const consent = page.getByTestId('oidc-consent');
    await consent.getByRole('heading', { name: 'Sign in to Wiki' }).waitFor();
    await consent.getByRole('link', { name: 'https://wiki.example.com' }).waitFor();
    const scopes = consent.getByRole('list', { name: 'What the app will receive' }).getByRole('listitem');
    await expect.poll(() => scopes.allTextContents()).toEqual([
      'Know who you are (your user ID)',
      'See your username, display name, picture, language and time zone',
      'See your email address',
    ]);
    await page.getByText(`Signed in as Sam Sample (@${user.username})`).waitFor();
    await screenshots(page, 'oidc-consent');

    await consent.getByRole('button', { name: 'Cancel' }).click();
    await landOnApp(page);
    await expect.poll(() => page.getByTestId('rp-error').textContent()).toBe('error=access_denied');

    // Signed in here already: straight to the consent page, then Allow.
    await page.goto(`${rp.url}/login`);
    await page.waitForURL(/\/consent\//);
    await page.getByRole('button', { name: 'Allow' }).click();
    await landOnApp(page);
    await expectSignedInToApp(page, user);

    // Allowed once: the next sign-in goes through without a page of ours.
    await page.goto(`${rp.url}/login`);
    await landOnApp(page);
    await expectSignedInToApp(page, user);

    // The Sessions view says this session signed in to the app.
    await page.goto(`${server.url}/sessions`);
    const current = page.getByTestId('session-item').filter({ hasText: 'This device' });
    await current.getByText('Apps signed in to').waitFor();
    await current.getByText('Wiki', { exact: true }).waitFor();

    // The dashboard lists the app; removing its access means the app asks again.
    await page.goto(`${server.url}/connected-apps`);
    const connected = page.getByTestId('connected-apps');
    await connected.getByText('Wiki', { exact: true }).waitFor();
    await expect.poll(() => connected.getByRole('list', { name: 'What Wiki may see' }).getByRole('listitem').allTextContents()).toEqual([
      'Know who you are (your user ID)',
      'See your username, display name, picture, language and time zone',
      'See your email address',
    ]);
    await screenshots(page, 'oidc-connected-apps');
    await connected.getByRole('button', { name: 'Remove access of Wiki' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove access' }).click();
    await page.getByText('You have not signed in to any app with this account yet.').waitFor();
    await page.goto(`${rp.url}/login`);
    await page.waitForURL(/\/consent\//);
    await page.getByTestId('oidc-consent').waitFor();
    await context.close();
  });

  it('given a user outside the app’s access rule, then they see the no-access page and "Back to the app" tells the app access_denied', async () => {
    const account = await adminApi.post('/api/v1/admin/accounts', { name: 'Partners', type: 'reseller' });
    expect(account.status, account.text).toBe(201);
    const app = await registerApp({ name: 'Partner portal', access: { accounts: [account.body.id] } });
    await rp.use(app.id);
    const outsider = await server.createUser({ displayName: 'Olga Outside' });
    const context = await newContext(browser);
    const page = await context.newPage();

    await page.goto(`${rp.url}/login`);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByLabel('Username or email').fill(outsider.username);
    await page.getByLabel('Password', { exact: true }).fill(outsider.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await page.waitForURL(/\/app-access\/[^/?]+\?app=Partner(%20|\+)portal/);
    const noAccess = page.getByTestId('oidc-no-access');
    await noAccess.getByRole('heading', { name: 'You have no access to Partner portal' }).waitFor();
    await noAccess.getByText('ask an administrator to add you to the organisation or group the app is for', { exact: false }).waitFor();
    await screenshots(page, 'oidc-no-access');
    await noAccess.getByRole('button', { name: 'Back to the app' }).click();
    await landOnApp(page);
    await expect.poll(() => page.getByTestId('rp-error').textContent()).toBe('error=access_denied');
    await context.close();
  });

  it('given an app tied to an account that requires MFA, then a member without 2FA is sent to Security, sets it up, and "Continue to the app" finishes the sign-in', async () => {
    const account = await adminApi.post('/api/v1/admin/accounts', { name: 'Secure Co', type: 'vendor', requiresMfa: true });
    expect(account.status, account.text).toBe(201);
    const group = await adminApi.post(`/api/v1/admin/accounts/${account.body.id}/groups`, { name: 'Staff' });
    expect(group.status, group.text).toBe(201);
    const member = await server.createUser({ displayName: 'Mia Member' });
    const added = await adminApi.post(`/api/v1/admin/accounts/${account.body.id}/members`, { userId: member.id, groupId: group.body.id });
    expect(added.status, added.text).toBe(201);
    const app = await registerApp({ name: 'Vault', consent: 'implicit', access: { accounts: [account.body.id] } });
    await rp.use(app.id);
    const context = await newContext(browser);
    const page = await context.newPage();

    await page.goto(`${rp.url}/login`);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByLabel('Username or email').fill(member.username);
    await page.getByLabel('Password', { exact: true }).fill(member.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await page.waitForURL(/\/security\?next=%2Foidc%2Finteraction%2F/);
    await page.getByText('requires two-factor authentication: set it up below, then continue to the app.', { exact: false }).first().waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Continue to the app' }).count()).toBe(0);
    await screenshots(page, 'oidc-twofactor-required');
    await turnOnTwoFactor(page);
    // Not before the recovery codes are saved: leaving now would lose them.
    await expect.poll(() => page.getByRole('link', { name: 'Continue to the app' }).count()).toBe(0);
    await saveRecoveryCodes(page);
    await page.getByTestId('oidc-continue').waitFor();
    await screenshots(page, 'oidc-twofactor-ready');
    await page.getByRole('link', { name: 'Continue to the app' }).click();
    await landOnApp(page);
    await expectSignedInToApp(page, member);
    await context.close();
  });

  it('given an app that asks for a fresh sign-in (prompt=login), then a signed-in user confirms it is them (Cancel tells the app access_denied) and goes on to the app', async () => {
    const app = await registerApp({ consent: 'implicit' });
    await rp.use(app.id);
    const user = await server.createUser({ displayName: 'Fran Fresh' });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);

    await page.goto(`${rp.url}/login?prompt=login`);
    await page.waitForURL(/\/app-confirm\//);
    const confirm = page.getByTestId('oidc-confirm');
    await confirm.getByRole('heading', { name: 'Confirm it’s you to continue to Wiki' }).waitFor();
    await page.getByText(`Signed in as Fran Fresh (@${user.username})`).waitFor();
    await screenshots(page, 'oidc-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await landOnApp(page);
    await expect.poll(() => page.getByTestId('rp-error').textContent()).toBe('error=access_denied');

    await page.goto(`${rp.url}/login?prompt=login`);
    await page.waitForURL(/\/app-confirm\//);
    await page.waitForTimeout(1100); // the provider dates the request in whole seconds
    await confirm.getByLabel('Password', { exact: true }).fill('not the password');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await expectFieldError(confirm.getByLabel('Password', { exact: true }), 'The password is wrong.');
    await confirm.getByLabel('Password', { exact: true }).fill(user.password);
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await landOnApp(page);
    await expectSignedInToApp(page, user);
    await context.close();
  });

  it('given the sign-in page of an app open while the user signs in in another tab, then reloading it goes on to the app', async () => {
    const app = await registerApp({ name: 'Notes', consent: 'implicit' });
    await rp.use(app.id);
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${rp.url}/login`);
    await page.waitForURL(/\/signin\?next=%2Foidc%2Finteraction%2F/);
    const other = await context.newPage();
    await signIn(other, server, user);
    await page.reload();
    await landOnApp(page);
    await expectSignedInToApp(page, user);
    await context.close();
  });

  it('given an interaction that does not exist (any more), then the consent and no-access pages say the sign-in expired', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server, user);
    await page.goto(`${server.url}/consent/NoSuchInteraction`);
    await page.getByTestId('oidc-expired').getByRole('heading', { name: 'This sign-in expired' }).waitFor();
    await page.getByText('Go back to the app and start again.').waitFor();
    await page.goto(`${server.url}/app-access/NoSuchInteraction?app=Wiki`);
    await page.getByRole('button', { name: 'Back to the app' }).click();
    await page.getByTestId('oidc-expired').waitFor();
    // The server's own redirect when an interaction cannot be read.
    await page.goto(`${server.url}/oidc-error?reason=expired`);
    await page.getByRole('heading', { name: 'This sign-in expired' }).waitFor();
    await context.close();
  });

  it('given a next that is not one of our interaction paths, then the sign-in ignores it', async () => {
    const user = await server.createUser();
    const context = await newContext(browser);
    const page = await context.newPage();
    for (const next of ['//evil.example/oidc/interaction/abc', 'https://evil.example/oidc/interaction/abc', '/oidc/interaction/../../admin', '/profile']) {
      await page.goto(`${server.url}/signin?next=${encodeURIComponent(next)}`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await page.getByText('Sign in to continue to the app that sent you here.').count()).toBe(0);
    }
    await page.getByLabel('Username or email').fill(user.username);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('shell').waitFor();
    expect(new URL(page.url()).origin).toBe(server.url);
    await page.goto(`${server.url}/signin?next=${encodeURIComponent('//evil.example/oidc/interaction/abc')}`);
    await page.waitForURL(`${server.url}/profile`);
    await context.close();
  });
});
