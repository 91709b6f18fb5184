import * as client from 'openid-client';
import { expect } from 'vitest';
import { type TestApp, setupApp } from './app.js';
import type { TestClient } from './client.js';
import { freePort } from './net.js';

/**
 * A test app listening on a real loopback port, its origin (the OIDC issuer) that address, so a
 * relying party written by someone else (openid-client) talks to it over HTTP.
 */
export async function setupOidcApp(env: Record<string, string> = {}): Promise<TestApp & { origin: string }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const t = await setupApp({ USERHUB_ORIGIN: origin, ...env });
  await t.app.listen({ host: '127.0.0.1', port });
  return Object.assign(t, { origin });
}

/** A browser's cookies, kept per name (enough for one host on loopback). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** Signs in through the API as the dashboard does; the session cookie lands in `jar`. */
export async function signInBrowser(origin: string, jar: CookieJar, user: { username: string; password: string }): Promise<void> {
  const res = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, cookie: jar.header() },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  expect(res.status).toBe(200);
  jar.take(res);
}

/**
 * Follows redirects like a browser (cookies kept) from `url` until one leaves the issuer (the
 * app's redirect URI) or an answer is not a redirect; returns that last URL and response.
 */
export async function follow(url: string, jar: CookieJar, origin: string, max = 15): Promise<{ url: string; response: Response | null }> {
  let current = url;
  for (let i = 0; i < max; i += 1) {
    if (!current.startsWith(origin)) return { url: current, response: null };
    let response = await fetch(current, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(response);
    if (response.status === 200 && response.headers.get('content-type')?.startsWith('text/html')) {
      // a page that submits itself on load (the provider ends the previous user's session first): submit it as a browser would
      const html = await response.clone().text();
      const action = html.includes('document.forms[0].submit()') ? html.match(/<form method="post" action="([^"]+)"/)?.[1] : undefined;
      if (action) {
        const fields = new URLSearchParams([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)].map((m) => [m[1]!, m[2]!] as [string, string]));
        response = await fetch(action, { method: 'POST', redirect: 'manual', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, body: fields });
        jar.take(response);
      }
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
    current = new URL(location, current).toString();
  }
  throw new Error(`more than ${max} redirects from ${url}`);
}

/** Registers an OIDC app through the admin API; returns its id (client_id) and secret. */
export async function registerOidcApp(admin: TestClient, body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const res = await admin.post('/api/v1/admin/apps', { name: 'Wiki', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as string, secret: res.body.secret as string };
}

/** openid-client's configuration for an app, from our discovery document (plain http on loopback allowed). */
export async function relyingParty(origin: string, clientId: string, secret: string | null): Promise<client.Configuration> {
  return client.discovery(new URL(origin), clientId, undefined, secret ? client.ClientSecretBasic(secret) : client.None(), {
    execute: [client.allowInsecureRequests],
  });
}

/** A new app (registered by `admin` with `body`), its relying party, and a user signed in to the dashboard in a browser jar. */
export async function appAndSignedInUser(t: TestApp & { origin: string }, admin: TestClient, body: Record<string, unknown>) {
  const app = await registerOidcApp(admin, body);
  const config = await relyingParty(t.origin, app.id, app.secret);
  const { user, client: session } = await t.signedInUser();
  const jar = new CookieJar();
  await signInBrowser(t.origin, jar, user);
  return { app, config, user, session, jar };
}
