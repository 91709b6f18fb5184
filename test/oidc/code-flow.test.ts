import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
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
    const doc = await res.json();
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
    const jwks = await (await fetch(doc.jwks_uri)).json();
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
    expect(claims).toMatchObject({ iss: t.origin, aud: app.id, sub: user.id });

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
