import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, setupApp } from '../helpers/app.js';
import { createAppPassword, registerApp } from '../helpers/app-passwords.js';
import { type RunningNginx, startNginx } from '../helpers/nginx.js';

/**
 * The forward-auth round trip behind a real nginx: nginx protects /wiki/ with `auth_request`
 * against Userhub's /api/v1/apps/{id}/forward-auth and passes the verified user to the backend.
 */

let t: TestApp;
let nginx: RunningNginx;
let backend: http.Server;
let wiki: { id: string; secret: string; name: string };
let mail: { id: string; secret: string; name: string };
const seenByBackend: { url: string; headers: http.IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  t = await setupApp();
  wiki = await registerApp(t, 'Wiki');
  mail = await registerApp(t, 'Mail');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const userhubPort = (t.app.server.address() as AddressInfo).port;

  backend = http.createServer((req, res) => {
    seenByBackend.push({ url: req.url ?? '', headers: req.headers });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ page: req.url, user: req.headers['x-forwarded-user'] ?? null, email: req.headers['x-forwarded-email'] ?? null }));
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  const backendPort = (backend.address() as AddressInfo).port;

  nginx = await startNginx(
    () => `
    location /api/ {
      proxy_pass http://127.0.0.1:${userhubPort};
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
    }
    location /wiki/ {
      auth_request /_userhub_auth;
      auth_request_set $userhub_user $upstream_http_x_userhub_user;
      auth_request_set $userhub_email $upstream_http_x_userhub_email;
      proxy_set_header X-Forwarded-User $userhub_user;
      proxy_set_header X-Forwarded-Email $userhub_email;
      proxy_set_header Authorization "";
      proxy_pass http://127.0.0.1:${backendPort};
    }
    location = /_userhub_auth {
      internal;
      proxy_pass http://127.0.0.1:${userhubPort}/api/v1/apps/${wiki.id}/forward-auth;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Original-URI $request_uri;
    }`,
  );
}, 60_000);

afterAll(async () => {
  await nginx?.stop();
  await new Promise<void>((resolve) => (backend ? backend.close(() => resolve()) : resolve()));
  await t?.close();
});

const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`, 'utf8').toString('base64')}`;

async function visit(path: string, headers: Record<string, string> = {}) {
  const before = seenByBackend.length;
  const res = await fetch(`${nginx.url}${path}`, { headers, redirect: 'manual' });
  const text = await res.text();
  return { res, text, reachedBackend: seenByBackend.length > before, backendSaw: seenByBackend[seenByBackend.length - 1] };
}

describe('nginx auth_request → forward-auth', () => {
  it('without credentials: 401 with the Basic challenge from Userhub; the backend is never reached', async () => {
    const { res, reachedBackend } = await visit('/wiki/secret-page');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Wiki", charset="UTF-8"');
    expect(reachedBackend).toBe(false);
  });

  it('with username + app password for this app: 200, the backend gets the user and not the password', async () => {
    const { user, client } = await t.signedInUser();
    const { password } = await createAppPassword(client, wiki.id);
    const { res, text, reachedBackend, backendSaw } = await visit('/wiki/page?x=1', { authorization: basic(user.username, password) });
    expect(res.status, nginx.log()).toBe(200);
    expect(reachedBackend).toBe(true);
    expect(JSON.parse(text)).toEqual({ page: '/wiki/page?x=1', user: user.username, email: user.email });
    expect(backendSaw?.headers.authorization).toBeUndefined();
  });

  it('with an app password of another app, or the main password: 401', async () => {
    const { user, client } = await t.signedInUser();
    const { password: mailPassword } = await createAppPassword(client, mail.id);
    for (const password of [mailPassword, user.password, 'nonsense']) {
      const { res, reachedBackend } = await visit('/wiki/', { authorization: basic(user.username, password) });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      expect(reachedBackend).toBe(false);
    }
  });

  it('with the session cookie from a sign-in through nginx: 200; after sign-out through nginx: 401', async () => {
    const { user } = await t.signedInUser();
    const login = await fetch(`${nginx.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: user.password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('userhub_session='))!.split(';')[0]!;

    const signedIn = await visit('/wiki/home', { cookie });
    expect(signedIn.res.status).toBe(200);
    expect(JSON.parse(signedIn.text).user).toBe(user.username);

    const logout = await fetch(`${nginx.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie, 'x-requested-with': 'userhub' } });
    expect(logout.status).toBe(204);
    const signedOut = await visit('/wiki/home', { cookie });
    expect(signedOut.res.status).toBe(401);
    expect(signedOut.reachedBackend).toBe(false);
  });

  it('a revoked app password is refused on the next request', async () => {
    const { user, client } = await t.signedInUser();
    const { id, password } = await createAppPassword(client, wiki.id);
    expect((await visit('/wiki/', { authorization: basic(user.username, password) })).res.status).toBe(200);
    expect((await client.delete(`/api/v1/app-passwords/${id}`)).status).toBe(204);
    expect((await visit('/wiki/', { authorization: basic(user.username, password) })).res.status).toBe(401);
  });

  it('malformed Authorization headers are 401, never 500', async () => {
    for (const authorization of ['Basic', 'Basic %%%', `Basic ${Buffer.from('no-colon').toString('base64')}`, 'Bearer uh_x', 'Digest x=1']) {
      const { res } = await visit('/wiki/', { authorization });
      expect(res.status, authorization).toBe(401);
    }
  });
});
