import { setTimeout as sleep } from 'node:timers/promises';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { type CookieJar, appAndSignedInUser, follow } from '../helpers/oidc.js';
import { setupOidcApp } from '../helpers/oidc.js';

let t: TestApp & { origin: string };
let admin: TestClient;
const REDIRECT = 'http://127.0.0.1:9/callback';

beforeAll(async () => {
  t = await setupOidcApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
});
afterAll(async () => t.close());

async function authorize(config: client.Configuration, jar: CookieJar, extra: Record<string, string>) {
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  });
  return { landed: await follow(url.toString(), jar, t.origin), verifier };
}

/** The browser's dashboard session proves who it is again (the confirm page's form). */
async function reauthenticate(jar: CookieJar, password: string) {
  const res = await fetch(`${t.origin}/api/v1/auth/reauthenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.origin, cookie: jar.header() },
    body: JSON.stringify({ password }),
  });
  expect(res.status).toBe(204);
}

const confirmPage = (url: string) => url.match(new RegExp(`^${t.origin}/app-confirm/([A-Za-z0-9_-]+)\\?app=Wiki$`))?.[1];

describe('OpenID Connect: an app that asks for a fresh sign-in', () => {
  it('prompt=login: the signed-in user confirms who they are before the app gets a code; auth_time is that moment', async () => {
    const { config, jar, user } = await appAndSignedInUser(t, admin, { redirectUris: [REDIRECT], consent: 'implicit' });
    const { landed, verifier } = await authorize(config, jar, { prompt: 'login' });
    const uid = confirmPage(landed.url);
    expect(uid, landed.url).toBeDefined();
    // coming back without confirming asks again
    expect(confirmPage((await follow(`${t.origin}/oidc/interaction/${uid}`, jar, t.origin)).url)).toBe(uid);

    await sleep(1100); // the library's iat is in whole seconds
    await reauthenticate(jar, user.password);
    const provedAt = Math.floor(Date.now() / 1000);
    const back = await follow(`${t.origin}/oidc/interaction/${uid}`, jar, t.origin);
    expect(back.url.startsWith(`${REDIRECT}?code=`), back.url).toBe(true);
    const tokens = await client.authorizationCodeGrant(config, new URL(back.url), { pkceCodeVerifier: verifier });
    expect(tokens.claims()!.sub).toBe(user.id);
    expect(Math.abs((tokens.claims()!.auth_time as number) - provedAt)).toBeLessThanOrEqual(1);
  });

  it('max_age: a dashboard sign-in older than that is confirmed again; a recent one is not', async () => {
    const { config, jar, user } = await appAndSignedInUser(t, admin, { redirectUris: [REDIRECT], consent: 'implicit' });
    expect((await authorize(config, jar, { max_age: '3600' })).landed.url.startsWith(`${REDIRECT}?code=`)).toBe(true);

    await sleep(2100); // the library reads the real clock
    const { landed, verifier } = await authorize(config, jar, { max_age: '1' });
    const uid = confirmPage(landed.url);
    expect(uid, landed.url).toBeDefined();
    await reauthenticate(jar, user.password);
    const back = await follow(`${t.origin}/oidc/interaction/${uid}`, jar, t.origin);
    expect(back.url.startsWith(`${REDIRECT}?code=`), back.url).toBe(true);
    const tokens = await client.authorizationCodeGrant(config, new URL(back.url), { pkceCodeVerifier: verifier, maxAge: 60 });
    expect(tokens.claims()!.sub).toBe(user.id);
  });

  it('max_age=0: a sign-in given after the app asked is fresh enough (no endless confirm page)', async () => {
    const { config, jar, user } = await appAndSignedInUser(t, admin, { redirectUris: [REDIRECT], consent: 'implicit' });
    await sleep(1100);
    const { landed, verifier } = await authorize(config, jar, { max_age: '0' });
    const uid = confirmPage(landed.url);
    expect(uid, landed.url).toBeDefined();
    await sleep(1100); // the library's iat is in whole seconds
    await reauthenticate(jar, user.password);
    const back = await follow(`${t.origin}/oidc/interaction/${uid}`, jar, t.origin);
    expect(back.url.startsWith(`${REDIRECT}?code=`), back.url).toBe(true);
    const tokens = await client.authorizationCodeGrant(config, new URL(back.url), { pkceCodeVerifier: verifier });
    expect(tokens.claims()!.sub).toBe(user.id);
  });

  it('Cancel on the confirm page: the app gets access_denied; an unknown interaction is 404', async () => {
    const { config, jar, session } = await appAndSignedInUser(t, admin, { redirectUris: [REDIRECT], consent: 'implicit' });
    const { landed } = await authorize(config, jar, { prompt: 'login' });
    const uid = confirmPage(landed.url)!;
    const res = await fetch(`${t.origin}/api/v1/oidc/interactions/${uid}/cancel`, { method: 'POST', headers: { origin: t.origin, cookie: jar.header() } });
    expect(res.status, await res.clone().text()).toBe(200);
    const { redirectTo } = (await res.json()) as { redirectTo: string };
    const gone = await follow(new URL(redirectTo, t.origin).toString(), jar, t.origin);
    expect(gone.url).toMatch(/^http:\/\/127\.0\.0\.1:9\/callback\?error=access_denied/);
    expect((await session.post('/api/v1/oidc/interactions/no-such-uid/cancel')).status).toBe(404);
  });
});
