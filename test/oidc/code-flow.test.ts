import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { CookieJar, follow, registerOidcApp, relyingParty, setupOidcApp, signInBrowser } from '../helpers/oidc.js';

let t: TestApp & { origin: string };
let admin: TestClient;
const REDIRECT = 'http://127.0.0.1:9/callback';

beforeAll(async () => {
  t = await setupOidcApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
});
afterAll(async () => t.close());

async function authorize(config: client.Configuration, jar: CookieJar, scope = 'openid profile email groups offline_access') {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...(scope.includes('offline_access') ? { prompt: 'consent' } : {}),
  });
  const landed = await follow(url.toString(), jar, t.origin);
  return { landed, verifier, state };
}

describe('OpenID Connect: discovery and keys', () => {
  it('publishes the discovery document at the issuer and a JWKS with ES256 and RS256 keys', async () => {
    const res = await fetch(`${t.origin}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(doc).toMatchObject({
      issuer: t.origin,
      authorization_endpoint: `${t.origin}/oidc/auth`,
      token_endpoint: `${t.origin}/oidc/token`,
      userinfo_endpoint: `${t.origin}/oidc/me`,
      jwks_uri: `${t.origin}/oidc/jwks`,
      end_session_endpoint: `${t.origin}/oidc/session/end`,
      code_challenge_methods_supported: ['S256'],
    });
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'groups', 'offline_access']));
    const jwks = (await (await fetch(doc.jwks_uri)).json()) as any;
    expect(jwks.keys.map((k: any) => k.alg).sort()).toEqual(['ES256', 'RS256']);
    for (const key of jwks.keys) expect(key.d).toBeUndefined();
    const sealed = await t.app.userhub.database.db.selectFrom('oidc_keys').selectAll().execute();
    expect(sealed).toHaveLength(2);
    for (const row of sealed) expect(row.private_jwk).toMatch(/^v1\./);
  });
});

describe('OpenID Connect: authorization code with PKCE, by openid-client', () => {
  it('a signed-in user of an implicit-consent app gets a code without a prompt; the ID token, userinfo and refresh rotation work', async () => {
    const app = await registerOidcApp(admin, { redirectUris: [REDIRECT], consent: 'implicit' });
    const config = await relyingParty(t.origin, app.id, app.secret);
    const { user } = await t.signedInUser({ displayName: 'Ada Lovelace' });
    const jar = new CookieJar();
    await signInBrowser(t.origin, jar, user);

    const { landed, verifier, state } = await authorize(config, jar);
    expect(landed.url.startsWith(REDIRECT), landed.url).toBe(true);
    const tokens = await client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: verifier, expectedState: state });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: t.origin, aud: app.id, sub: user.id, preferred_username: user.username, email: user.email });

    const info = await client.fetchUserInfo(config, tokens.access_token, user.id);
    expect(info).toMatchObject({
      sub: user.id,
      preferred_username: user.username,
      name: 'Ada Lovelace',
      email: user.email,
      email_verified: true,
      groups: [],
      accounts: [],
    });

    expect(tokens.refresh_token).toEqual(expect.any(String));
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('another user signed in to the dashboard in the same browser: the app gets that user, never the earlier one', async () => {
    const app = await registerOidcApp(admin, { redirectUris: [REDIRECT], consent: 'implicit' });
    const config = await relyingParty(t.origin, app.id, app.secret);
    const first = await t.signedInUser();
    const second = await t.signedInUser();
    const jar = new CookieJar();
    await signInBrowser(t.origin, jar, first.user);
    const a = await authorize(config, jar, 'openid');
    expect((await client.authorizationCodeGrant(config, new URL(a.landed.url), { pkceCodeVerifier: a.verifier, expectedState: a.state })).claims()!.sub).toBe(first.user.id);
    await signInBrowser(t.origin, jar, second.user);
    const b = await authorize(config, jar, 'openid');
    expect((await client.authorizationCodeGrant(config, new URL(b.landed.url), { pkceCodeVerifier: b.verifier, expectedState: b.state })).claims()!.sub).toBe(second.user.id);
  });

  it('nobody signed in: the browser is sent to our sign-in page with the way back', async () => {
    const app = await registerOidcApp(admin, { redirectUris: [REDIRECT], consent: 'implicit' });
    const config = await relyingParty(t.origin, app.id, app.secret);
    const { landed } = await authorize(config, new CookieJar(), 'openid');
    expect(landed.url).toMatch(new RegExp(`^${t.origin}/signin\\?next=%2Foidc%2Finteraction%2F`));
  });

  it('an unregistered redirect URI never redirects: an error page', async () => {
    const app = await registerOidcApp(admin, { redirectUris: [REDIRECT] });
    const url = `${t.origin}/oidc/auth?client_id=${app.id}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('https://evil.example/cb')}&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`;
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('redirect_uri');
  });
});

describe('OpenID Connect: the interaction API refuses', () => {
  it('an unknown interaction (404 interaction_not_found), API tokens (403) and strangers (401)', async () => {
    const { client: session } = await t.signedInUser();
    expectProblem(await session.get('/api/v1/oidc/interactions/no-such-uid'), 404, 'interaction_not_found');
    expectProblem(await session.post('/api/v1/oidc/interactions/no-such-uid/consent', { allow: true }), 404, 'interaction_not_found');
    expectProblem(await session.post('/api/v1/oidc/interactions/no-such-uid/refuse'), 404, 'interaction_not_found');
    expectProblem(await session.post('/api/v1/oidc/interactions/bad%20uid/consent', { allow: 'yes' }), 400, 'invalid_request');
    expectProblem(await t.anonymous().get('/api/v1/oidc/interactions/no-such-uid'), 401, 'unauthenticated');
    expectProblem(await t.anonymous().get('/api/v1/profile/connected-apps'), 401, 'unauthenticated');
  });

  it('allowing an app the user lost access to meanwhile: 403 app_access_denied', async () => {
    const account = await admin.post('/api/v1/admin/accounts', { name: `Closed ${Date.now()}`, type: 'vendor' });
    const group = await admin.post(`/api/v1/admin/accounts/${account.body.id}/groups`, { name: 'Team' });
    const app = await registerOidcApp(admin, { redirectUris: [REDIRECT], access: { accounts: [account.body.id] } });
    const config = await relyingParty(t.origin, app.id, app.secret);
    const { user } = await t.signedInUser();
    await admin.post(`/api/v1/admin/accounts/${account.body.id}/members`, { userId: user.id, groupId: group.body.id });
    const jar = new CookieJar();
    await signInBrowser(t.origin, jar, user);
    const { landed } = await authorize(config, jar, 'openid');
    const uid = landed.url.split('/consent/')[1];
    expect(uid, landed.url).toBeDefined();
    await admin.delete(`/api/v1/admin/accounts/${account.body.id}/members/${user.id}`);
    const res = await fetch(`${t.origin}/api/v1/oidc/interactions/${uid}/consent`, {
      method: 'POST',
      headers: { cookie: jar.header(), origin: t.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ allow: true }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('app_access_denied');
  });
});

describe('OpenID Connect: clients and refusals', () => {
  it('a public client (PKCE only) signs in without a secret; without PKCE it is refused', async () => {
    const app = await registerOidcApp(admin, { redirectUris: [REDIRECT], consent: 'implicit', confidential: false });
    const config = await relyingParty(t.origin, app.id, null);
    const { user } = await t.signedInUser();
    const jar = new CookieJar();
    await signInBrowser(t.origin, jar, user);
    const { landed, verifier, state } = await authorize(config, jar, 'openid');
    const tokens = await client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.claims()!.sub).toBe(user.id);

    const noPkce = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid', state: 'x' });
    const refused = await follow(noPkce.toString(), jar, t.origin);
    expect(refused.url).toMatch(/^http:\/\/127\.0\.0\.1:9\/callback\?error=invalid_request/);
  });

  it('a wrong client secret, a wrong PKCE verifier and a replayed code get the standard errors; the replay revokes what the code gave', async () => {
    const app = await registerOidcApp(admin, { redirectUris: [REDIRECT], consent: 'implicit' });
    const config = await relyingParty(t.origin, app.id, app.secret);
    const { user } = await t.signedInUser();
    const jar = new CookieJar();
    await signInBrowser(t.origin, jar, user);

    const wrongSecret = await relyingParty(t.origin, app.id, 'uha_not-the-secret');
    const first = await authorize(config, jar);
    const failure = await client
      .authorizationCodeGrant(wrongSecret, new URL(first.landed.url), { pkceCodeVerifier: first.verifier, expectedState: first.state })
      .catch((error: unknown) => error);
    expect(JSON.stringify(failure)).toContain('"error":"invalid_client"');
    const second = await authorize(config, jar);
    await expect(
      client.authorizationCodeGrant(config, new URL(second.landed.url), { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: second.state }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });

    const third = await authorize(config, jar);
    const tokens = await client.authorizationCodeGrant(config, new URL(third.landed.url), { pkceCodeVerifier: third.verifier, expectedState: third.state });
    await expect(client.authorizationCodeGrant(config, new URL(third.landed.url), { pkceCodeVerifier: third.verifier, expectedState: third.state })).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const introspected = await client.tokenIntrospection(config, tokens.access_token);
    expect(introspected.active).toBe(false);
  });

  it('a confidential client may send its secret in the body (client_secret_post) as well as by Basic', async () => {
    const app = await registerOidcApp(admin, { redirectUris: [REDIRECT], consent: 'implicit' });
    const config = await client.discovery(new URL(t.origin), app.id, undefined, client.ClientSecretPost(app.secret), { execute: [client.allowInsecureRequests] });
    const { user } = await t.signedInUser();
    const jar = new CookieJar();
    await signInBrowser(t.origin, jar, user);
    const flow = await authorize(config, jar);
    const tokens = await client.authorizationCodeGrant(config, new URL(flow.landed.url), { pkceCodeVerifier: flow.verifier, expectedState: flow.state });
    expect(tokens.claims()!.sub).toBe(user.id);
    const wrong = await client.discovery(new URL(t.origin), app.id, undefined, client.ClientSecretPost('uha_wrong'), { execute: [client.allowInsecureRequests] });
    const failure = await client.refreshTokenGrant(wrong, tokens.refresh_token!).catch((error: unknown) => error);
    expect(JSON.stringify(failure)).toContain('invalid_client');
  });

  it('introspection and revocation for a confidential client', async () => {
    const app = await registerOidcApp(admin, { redirectUris: [REDIRECT], consent: 'implicit' });
    const config = await relyingParty(t.origin, app.id, app.secret);
    const { user } = await t.signedInUser();
    const jar = new CookieJar();
    await signInBrowser(t.origin, jar, user);
    const flow = await authorize(config, jar);
    const tokens = await client.authorizationCodeGrant(config, new URL(flow.landed.url), { pkceCodeVerifier: flow.verifier, expectedState: flow.state });
    expect(await client.tokenIntrospection(config, tokens.access_token)).toMatchObject({ active: true, sub: user.id, client_id: app.id });
    await client.tokenRevocation(config, tokens.refresh_token!);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('a user outside the app’s accounts is sent to the “no access” page and the app gets access_denied', async () => {
    const account = await admin.post('/api/v1/admin/accounts', { name: `Partners ${Date.now()}`, type: 'reseller' });
    expect(account.status).toBe(201);
    const app = await registerOidcApp(admin, { redirectUris: [REDIRECT], consent: 'implicit', access: { accounts: [account.body.id] } });
    const config = await relyingParty(t.origin, app.id, app.secret);
    const { user, client: session } = await t.signedInUser();
    const jar = new CookieJar();
    await signInBrowser(t.origin, jar, user);
    const { landed } = await authorize(config, jar, 'openid');
    const match = landed.url.match(new RegExp(`^${t.origin}/app-access/([A-Za-z0-9_-]+)\\?app=Wiki$`));
    expect(match, landed.url).not.toBeNull();
    void session;
    const refuse = await fetch(`${t.origin}/api/v1/oidc/interactions/${match![1]}/refuse`, { method: 'POST', headers: { cookie: jar.header(), origin: t.origin } });
    expect(refuse.status).toBe(200);
    const back = await follow(((await refuse.json()) as any).redirectTo, jar, t.origin);
    expect(back.url).toMatch(/^http:\/\/127\.0\.0\.1:9\/callback\?error=access_denied/);

    // a member gets in
    const group = await admin.post(`/api/v1/admin/accounts/${account.body.id}/groups`, { name: 'Staff' });
    expect((await admin.post(`/api/v1/admin/accounts/${account.body.id}/members`, { userId: user.id, groupId: group.body.id })).status).toBeLessThan(300);
    const again = await authorize(config, jar, 'openid groups');
    expect(again.landed.url.startsWith(REDIRECT), again.landed.url).toBe(true);

    // removed from the account: the app's remembered consent and its session no longer let them in
    expect((await admin.delete(`/api/v1/admin/accounts/${account.body.id}/members/${user.id}`)).status).toBeLessThan(300);
    const removed = await authorize(config, jar, 'openid groups');
    expect(removed.landed.url, removed.landed.url).toMatch(new RegExp(`^${t.origin}/app-access/`));
  });

  it('consent required: the consent page names the app and the scopes; allowing is remembered, refusing gives access_denied', async () => {
    const app = await registerOidcApp(admin, { redirectUris: [REDIRECT], consent: 'required', url: 'https://wiki.example.com' });
    const config = await relyingParty(t.origin, app.id, app.secret);
    const { user } = await t.signedInUser();
    const jar = new CookieJar();
    await signInBrowser(t.origin, jar, user);
    const first = await authorize(config, jar, 'openid email');
    const uid = first.landed.url.match(new RegExp(`^${t.origin}/consent/([A-Za-z0-9_-]+)$`))?.[1];
    expect(uid, first.landed.url).toBeDefined();
    const details = await fetch(`${t.origin}/api/v1/oidc/interactions/${uid}`, { headers: { cookie: jar.header() } });
    expect(await details.json()).toEqual({
      app: { id: app.id, name: 'Wiki', url: 'https://wiki.example.com' },
      scopes: [
        { scope: 'openid', description: expect.any(String) },
        { scope: 'email', description: expect.any(String) },
      ],
    });
    const stranger = await t.signedInUser();
    const foreign = await stranger.client.get(`/api/v1/oidc/interactions/${uid}`);
    expect(foreign.status).toBe(404);
    const allow = await fetch(`${t.origin}/api/v1/oidc/interactions/${uid}/consent`, {
      method: 'POST',
      headers: { cookie: jar.header(), origin: t.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ allow: true }),
    });
    const back = await follow(((await allow.json()) as any).redirectTo, jar, t.origin);
    expect(back.url.startsWith(`${REDIRECT}?code=`), back.url).toBe(true);
    // remembered: the next sign-in asks nothing
    const second = await authorize(config, jar, 'openid email');
    expect(second.landed.url.startsWith(`${REDIRECT}?code=`), second.landed.url).toBe(true);

    // another user refuses
    const other = await t.signedInUser();
    const otherJar = new CookieJar();
    await signInBrowser(t.origin, otherJar, other.user);
    const asked = await authorize(config, otherJar, 'openid');
    const otherUid = asked.landed.url.split('/consent/')[1];
    const refuse = await fetch(`${t.origin}/api/v1/oidc/interactions/${otherUid}/consent`, {
      method: 'POST',
      headers: { cookie: otherJar.header(), origin: t.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ allow: false }),
    });
    const refused = await follow(((await refuse.json()) as any).redirectTo, otherJar, t.origin);
    expect(refused.url).toMatch(/^http:\/\/127\.0\.0\.1:9\/callback\?error=access_denied/);
  });
});
