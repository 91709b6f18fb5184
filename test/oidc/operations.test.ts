import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type TestApp, expectProblem } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { runCli } from '../helpers/cli.js';
import { TestClock } from '../helpers/clock.js';
import { CookieJar, appAndSignedInUser, follow, registerOidcApp, relyingParty, setupOidcApp, signInBrowser } from '../helpers/oidc.js';
import { enableTotp } from '../helpers/twofactor.js';

let t: TestApp & { origin: string };
let admin: TestClient;
let other: FastifyInstance;
let otherUrl: string;
const REDIRECT = 'http://127.0.0.1:9/callback';

beforeAll(async () => {
  t = await setupOidcApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
  // a second node on the same database, same issuer
  other = await buildApp(t.config, { clock: new TestClock(), logger: false });
  await other.listen({ host: '127.0.0.1', port: 0 });
  otherUrl = `http://127.0.0.1:${(other.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await other.close();
  await t.close();
});

async function codeFor(config: client.Configuration, jar: CookieJar, scope = 'openid') {
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const landed = await follow(url.toString(), jar, t.origin);
  return { landed, verifier, code: new URL(landed.url).searchParams.get('code') };
}

describe('OIDC operations', () => {
  it('the provider answers its own paths only: below its endpoints it answers itself, elsewhere under /oidc/ the API 404 problem', async () => {
    const jwks = await fetch(`${t.origin}/oidc/jwks/`);
    expect(jwks.status).toBe(200);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    // a path below an endpoint is the provider's: its own OAuth error, not our problem+json
    const below = await fetch(`${t.origin}/oidc/auth/not-an-interaction`);
    expect(below.headers.get('content-type')).not.toMatch(/problem\+json/);
    expect(below.status).toBeGreaterThanOrEqual(400);
    // asked for JSON: a browser asking for a page gets the dashboard's (when it is built)
    for (const path of ['/oidc/nothing-here', '/oidc', '/oidc/interactionx']) {
      const res = await fetch(`${t.origin}${path}`, { headers: { accept: 'application/json' } });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/application\/problem\+json/);
    }
  });

  it('two nodes on one database: a code issued by one is redeemed on the other, whose userinfo accepts the token', async () => {
    const { app, config, user, jar } = await appAndSignedInUser(t, admin, { redirectUris: [REDIRECT], consent: 'implicit' });
    const { code, verifier } = await codeFor(config, jar);
    expect(code).toEqual(expect.any(String));
    const res = await fetch(`${otherUrl}/oidc/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${app.id}:${app.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT, code_verifier: verifier }),
    });
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as { access_token: string; id_token: string };
    const info = await fetch(`${otherUrl}/oidc/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ sub: user.id });
  });

  it('one code redeemed on both nodes at once gives tokens once', async () => {
    const { app, config, jar } = await appAndSignedInUser(t, admin, { redirectUris: [REDIRECT], consent: 'implicit' });
    const { code, verifier } = await codeFor(config, jar);
    const redeem = (base: string) =>
      fetch(`${base}/oidc/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${app.id}:${app.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT, code_verifier: verifier }),
      }).then((r) => r.status);
    const statuses = await Promise.all([redeem(t.origin), redeem(otherUrl)]);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  });

  it('an expired code is refused with invalid_grant', async () => {
    const { config, jar } = await appAndSignedInUser(t, admin, { redirectUris: [REDIRECT], consent: 'implicit' });
    const { landed, verifier } = await codeFor(config, jar);
    // the stored code expires with the adapter's clock (the library's own check uses real time)
    t.clock.advance(2 * 60_000);
    await expect(client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: verifier })).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('an app tied to an account that requires MFA sends a member without a second factor to enrolment, and lets them in after', async () => {
    const account = await admin.post('/api/v1/admin/accounts', { name: `Secure ${Date.now()}`, type: 'vendor', requiresMfa: true });
    const group = await admin.post(`/api/v1/admin/accounts/${account.body.id}/groups`, { name: 'Team' });
    const app = await registerOidcApp(admin, { redirectUris: [REDIRECT], consent: 'implicit', access: { accounts: [account.body.id] } });
    const config = await relyingParty(t.origin, app.id, app.secret);
    const { user, client: session } = await t.signedInUser();
    await admin.post(`/api/v1/admin/accounts/${account.body.id}/members`, { userId: user.id, groupId: group.body.id });
    const jar = new CookieJar();
    await signInBrowser(t.origin, jar, user);
    const first = await codeFor(config, jar);
    expect(first.landed.url).toMatch(new RegExp(`^${t.origin}/security\\?next=%2Foidc%2Finteraction%2F[A-Za-z0-9_-]+&app=Wiki$`));
    await enableTotp(t, session);
    const next = decodeURIComponent(new URL(first.landed.url).searchParams.get('next')!);
    const after = await follow(`${t.origin}${next}`, jar, t.origin);
    expect(after.url.startsWith(`${REDIRECT}?code=`), after.url).toBe(true);
  });

  it('an app tied to one group of an account that requires MFA demands it too', async () => {
    const account = await admin.post('/api/v1/admin/accounts', { name: `Secure group ${Date.now()}`, type: 'vendor', requiresMfa: true });
    const group = await admin.post(`/api/v1/admin/accounts/${account.body.id}/groups`, { name: 'Ops' });
    const app = await registerOidcApp(admin, { redirectUris: [REDIRECT], consent: 'implicit', access: { groups: [group.body.id] } });
    const config = await relyingParty(t.origin, app.id, app.secret);
    const { user } = await t.signedInUser();
    await admin.post(`/api/v1/admin/accounts/${account.body.id}/members`, { userId: user.id, groupId: group.body.id });
    const jar = new CookieJar();
    await signInBrowser(t.origin, jar, user);
    expect((await codeFor(config, jar)).landed.url).toMatch(new RegExp(`^${t.origin}/security\\?next=`));
  });

  it('a tampered id_token_hint at end_session is refused without redirecting', async () => {
    const { config, jar } = await appAndSignedInUser(t, admin, { redirectUris: [REDIRECT], postLogoutRedirectUris: ['http://127.0.0.1:9/bye'], consent: 'implicit' });
    const { landed, verifier } = await codeFor(config, jar);
    const tokens = await client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: verifier });
    const [head, body, signature] = tokens.id_token!.split('.');
    const tampered = `${head}.${body}.${signature!.slice(0, -4)}AAAA`;
    const res = await fetch(client.buildEndSessionUrl(config, { id_token_hint: tampered, post_logout_redirect_uri: 'http://127.0.0.1:9/bye' }), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('the admin API refuses redirect URIs that are not https (or http on loopback), and unknown clients get an error page', async () => {
    for (const uri of ['http://wiki.example.com/cb', 'https://wiki.example.com/cb#x', 'javascript:alert(1)', 'not a url']) {
      expectProblem(await admin.post('/api/v1/admin/apps', { name: 'Bad', redirectUris: [uri] }), 400, 'invalid_redirect_uri');
    }
    expect((await admin.post('/api/v1/admin/apps', { name: 'Good', redirectUris: ['https://wiki.example.com/cb', 'http://localhost:3000/cb'] })).status).toBe(201);
    const res = await fetch(`${t.origin}/oidc/auth?client_id=nobody&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT)}`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('the token endpoint is throttled per client: 600 refused requests a minute, then 429 with Retry-After; other clients are not', async () => {
    const app = await registerOidcApp(admin, { redirectUris: [REDIRECT] });
    const other = await registerOidcApp(admin, { redirectUris: [REDIRECT] });
    const post = (id: string, secret: string) =>
      fetch(`${t.origin}/oidc/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'not-a-token' }),
      });
    const statuses: number[] = [];
    for (let batch = 0; batch < 30; batch += 1) {
      statuses.push(...(await Promise.all(Array.from({ length: 20 }, () => post(app.id, 'uha_wrong').then((r) => r.status)))));
    }
    expect(statuses.every((s) => s === 401)).toBe(true);
    const refused = await post(app.id, app.secret);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ error: 'invalid_request' });
    // another client has its own budget (a bad refresh token is its own 400, not a 429)
    expect((await post(other.id, other.secret)).status).toBe(400);
  });

  it('CLI: app create --oidc registers a client; oidc rotate-keys publishes new keys and keeps the old in the JWKS', async () => {
    const created = await runCli(t, ['app', 'create', 'Chat', '--oidc', '--redirect-uri', 'https://chat.example.com/cb', '--public', '--implicit-consent']);
    expect(created.code, created.err).toBe(0);
    const id = created.out.match(/^id: (\S+)$/m)![1]!;
    expect(created.out).toContain(`client_id: ${id} (public: PKCE, no secret)`);
    expect((await admin.get(`/api/v1/admin/apps/${id}`)).body).toMatchObject({ redirectUris: ['https://chat.example.com/cb'], confidential: false, consent: 'implicit' });
    expect((await runCli(t, ['app', 'create', 'Nope', '--oidc'])).code).not.toBe(0);

    const before = (await (await fetch(`${t.origin}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    const rotated = await runCli(t, ['oidc', 'rotate-keys']);
    expect(rotated.code, rotated.err).toBe(0);
    t.clock.advance(11_000);
    const after = (await (await fetch(`${t.origin}/oidc/jwks`)).json()) as { keys: { kid: string; alg: string }[] };
    expect(after.keys).toHaveLength(4);
    expect(after.keys.map((k) => k.kid)).toEqual(expect.arrayContaining(before.keys.map((k) => k.kid)));
    const newKids = after.keys.map((k) => k.kid).filter((kid) => !before.keys.some((k) => k.kid === kid));
    expect(newKids).toHaveLength(2);
    for (const kid of newKids) expect(rotated.out).toContain(kid);
  });

  it('a rotated key is published at once and signs only once every node publishes it (20 s); the old one signs until then and stays published', async () => {
    const { config, jar } = await appAndSignedInUser(t, admin, { redirectUris: [REDIRECT], consent: 'implicit' });
    const signedWith = async () => {
      const { landed, verifier } = await codeFor(config, jar);
      const tokens = await client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: verifier });
      return JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString()).kid as string;
    };
    const jwks = async (origin: string) => ((await (await fetch(`${origin}/oidc/jwks`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    const oldKid = await signedWith();
    const newKids = await t.app.userhub.services.oidc.rotateKeys();
    expect(await jwks(t.origin)).toEqual(expect.arrayContaining([oldKid, ...newKids]));
    // another node may not publish the new keys for 10 s more: they do not sign yet
    expect(await signedWith()).toBe(oldKid);
    t.clock.advance(21_000);
    const kid = await signedWith();
    expect(newKids).toContain(kid);
    expect(await jwks(t.origin)).toContain(oldKid);
  });
});
