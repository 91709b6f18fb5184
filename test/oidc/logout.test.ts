import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { CookieJar, follow, registerOidcApp, relyingParty, setupOidcApp, signInBrowser } from '../helpers/oidc.js';

let t: TestApp & { origin: string };
let admin: TestClient;
let receiver: http.Server;
let receiverUrl: string;
const received: string[] = [];
const REDIRECT = 'http://127.0.0.1:9/callback';

beforeAll(async () => {
  t = await setupOidcApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
  // the app's back-channel logout endpoint
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const token = new URLSearchParams(body).get('logout_token');
      if (token) received.push(token);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/backchannel`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await t.close();
});

/** A user signed in to the dashboard and, through it, to a new app; the app's tokens. */
async function signedInToApp() {
  const app = await registerOidcApp(admin, { redirectUris: [REDIRECT], postLogoutRedirectUris: ['http://127.0.0.1:9/bye'], consent: 'implicit', backchannelLogoutUri: receiverUrl });
  const config = await relyingParty(t.origin, app.id, app.secret);
  const { user } = await t.signedInUser();
  const jar = new CookieJar();
  await signInBrowser(t.origin, jar, user);
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: 'openid profile offline_access',
    prompt: 'consent',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const landed = await follow(url.toString(), jar, t.origin);
  const tokens = await client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: verifier });
  return { app, config, user, jar, tokens };
}

/** The next logout token the app receives, verified against our JWKS. */
async function nextLogoutToken(before: number, audience: string) {
  await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThan(before);
  const jwks = createRemoteJWKSet(new URL(`${t.origin}/oidc/jwks`));
  const { payload } = await jwtVerify(received[received.length - 1]!, jwks, { issuer: t.origin, audience });
  return payload;
}

describe('the Sessions view', () => {
  it('shows which apps each session signed in to', async () => {
    const { app, jar } = await signedInToApp();
    const res = await fetch(`${t.origin}/api/v1/sessions`, { headers: { cookie: jar.header() } });
    const items = ((await res.json()) as { items: { current: boolean; apps: unknown[] }[] }).items;
    expect(items.find((item) => item.current)?.apps).toEqual([{ id: app.id, name: 'Wiki' }]);
  });
});

describe('logout everywhere', () => {
  it('signing out of the dashboard sends the app a back-channel logout token for that session', async () => {
    const { app, user, jar, tokens } = await signedInToApp();
    const before = received.length;
    const out = await fetch(`${t.origin}/api/v1/auth/logout`, { method: 'POST', headers: { cookie: jar.header(), origin: t.origin } });
    expect(out.status).toBe(204);
    const payload = await nextLogoutToken(before, app.id);
    expect(payload).toMatchObject({ sub: user.id, events: { 'http://schemas.openid.net/event/backchannel-logout': {} }, sid: expect.any(String) });
    expect(tokens.claims()!.sid).toBe(payload.sid);
  });

  it('signing out also ends the app’s refresh tokens (the contract: the matching OIDC sessions and refresh tokens end)', async () => {
    const { app, config, jar, tokens } = await signedInToApp();
    const before = received.length;
    await fetch(`${t.origin}/api/v1/auth/logout`, { method: 'POST', headers: { cookie: jar.header(), origin: t.origin } });
    await nextLogoutToken(before, app.id);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('a dashboard session that ends without telling anyone (housekeeping, another process) is caught up by the sweep', async () => {
    const { app, config, user, tokens } = await signedInToApp();
    const before = received.length;
    await t.app.userhub.database.db.updateTable('sessions').set({ ended_at: new Date().toISOString(), end_reason: 'expired' }).where('user_id', '=', user.id).execute();
    await t.app.userhub.services.oidc.sweep();
    await nextLogoutToken(before, app.id);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(await t.app.userhub.database.db.selectFrom('oidc_session_links').select('provider_session_id').where('user_id', '=', user.id).execute()).toEqual([]);
  });

  it('revoking the app (Connected apps) ends its tokens and sessions at once and is recorded', async () => {
    const { app, config, user, jar, tokens } = await signedInToApp();
    const session = await t.login(user);
    const listed = await session.get('/api/v1/profile/connected-apps');
    expect(listed.body.items).toEqual([{ app: { id: app.id, name: 'Wiki', url: null }, scopes: expect.arrayContaining(['openid', 'profile', 'offline_access']), grantedAt: expect.any(String), lastUsedAt: expect.any(String) }]);
    const before = received.length;
    expect((await session.delete(`/api/v1/profile/connected-apps/${app.id}`)).status).toBe(204);
    await nextLogoutToken(before, app.id);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    expect((await session.get('/api/v1/profile/connected-apps')).body.items).toEqual([]);
    expect((await session.delete(`/api/v1/profile/connected-apps/${app.id}`)).status).toBe(404);
    const types = (await session.get('/api/v1/profile/events')).body.items.map((e: any) => e.type);
    expect(types).toEqual(expect.arrayContaining(['app_revoked', 'app_signed_in']));
    void jar;
  });

  it('disabling the user ends every app session and token', async () => {
    const { app, config, user, tokens } = await signedInToApp();
    const before = received.length;
    expect((await admin.patch(`/api/v1/admin/users/${user.id}`, { disabled: true })).status).toBe(200);
    await nextLogoutToken(before, app.id);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('RP-initiated logout: end_session with the ID token goes back to the registered post-logout URI', async () => {
    const { config, jar, tokens } = await signedInToApp();
    const url = client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://127.0.0.1:9/bye', state: 's1' });
    const page = await follow(url.toString(), jar, t.origin);
    const html = await page.response!.text();
    const action = html.match(/action="([^"]+)"/)?.[1];
    const xsrf = html.match(/name="xsrf" value="([^"]+)"/)?.[1];
    expect(action && xsrf, html).toBeTruthy();
    const confirm = await fetch(new URL(action!, t.origin), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }),
    });
    jar.take(confirm);
    const done = await follow(new URL(confirm.headers.get('location')!, t.origin).toString(), jar, t.origin);
    expect(done.url).toBe('http://127.0.0.1:9/bye?state=s1');
  });

  it('a back-channel URI that is not registered is never called (the provider may call registered ones only)', async () => {
    expect(await t.app.userhub.services.oidc.mayCall(receiverUrl)).toBe(true);
    expect(await t.app.userhub.services.oidc.mayCall('http://127.0.0.1:1/other')).toBe(false);
  });
});
