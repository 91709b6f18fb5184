// Starting Userhub as `npm start` runs it (bin/userhub.js serve with bin/node-flags.js), and the
// few API calls the scenarios set themselves up with.
import path from 'node:path';
import { SERVER_CPUS, SERVER_NODE_FLAGS, freePort, launch, mapLimit, removeDir, root, stop, tempDir, waitFor, waitForPort } from './common.mjs';

export const PASSWORD = 'benchmark admin password 1';
export const SESSION_COOKIE = 'userhub_session';

/**
 * Starts one server: SQLite in `dataDir` (a new temp dir when not given), or PostgreSQL at
 * `databaseUrl`. `env` adds or overrides variables (undefined removes one). Pinned to `cpus`.
 * Resolves once GET /api/v1/health answers 2xx, or with `readyWhen: 'listening'` once the port
 * accepts a connection (no request sent: the `start` scenario times the first one). `port`: where
 * it listens (default a free one; the `oidc` scenario needs it before, for the issuer).
 * `nodeFlags`: V8 flags instead of the server's own (the `heap` scenario compares them).
 */
export async function startUserhub({ dataDir = null, databaseUrl = null, env = {}, cpus = SERVER_CPUS, readyWhen = 'health', port = null, nodeFlags = SERVER_NODE_FLAGS } = {}) {
  const ownDir = dataDir === null;
  dataDir ??= tempDir('userhub-bench-');
  port ??= await freePort();
  const serverEnv = {
    ...process.env,
    USERHUB_DATA_DIR: dataDir,
    USERHUB_PORT: String(port),
    USERHUB_ACCESS_LOG: 'off',
    USERHUB_BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
    USERHUB_DATABASE_URL: databaseUrl ?? undefined,
    ...env,
  };
  for (const [key, value] of Object.entries(serverEnv)) if (value === undefined) delete serverEnv[key];
  const child = launch(path.join(root, 'bin/userhub.js'), ['serve'], { env: serverEnv, cpus, nodeFlags });
  const base = `http://127.0.0.1:${port}`;
  await Promise.race([
    readyWhen === 'listening' ? waitForPort(port) : waitFor(`${base}/api/v1/health`),
    child.exited.then((code) => {
      throw new Error(`userhub exited with ${code} before it answered`);
    }),
  ]);
  return {
    base,
    port,
    pid: child.pid,
    child,
    dataDir,
    databaseUrl,
    /** Ends the server; removes its data dir when startUserhub made it. */
    async stop() {
      await stop(child);
      if (ownDir) removeDir(dataDir);
    },
  };
}

async function expect(res, status, what) {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res;
}

/** Signs in; returns the Cookie header value. */
export async function signIn(base, username, password = PASSWORD) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  await expect(res, 200, `sign-in of ${username}`);
  await res.arrayBuffer();
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

export async function createUser(base, adminCookie, username, password = PASSWORD) {
  const res = await fetch(`${base}/api/v1/admin/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: adminCookie, origin: base },
    body: JSON.stringify({ username, email: `${username}@example.com`, displayName: `Bench ${username}`, password }),
  });
  await expect(res, 201, `creating ${username}`);
  await res.arrayBuffer();
}

/** A readonly API token of the signed-in user. */
export async function createToken(base, cookie) {
  const res = await fetch(`${base}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: base },
    body: JSON.stringify({ name: 'bench', scope: 'readonly' }),
  });
  await expect(res, 201, 'token creation');
  return (await res.json()).token;
}

/**
 * Creates `count` users named `${prefix}-001`… through the admin API, signs each in, and (with
 * `tokens`) makes each a readonly API token. Returns [{ username, cookie, token }].
 */
export async function makeUsers(base, adminCookie, prefix, count, { tokens = false, signInToo = true } = {}) {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(3, '0')}`);
  // the server hashes each password (argon2id): a few in flight keep its hashing threads busy
  return mapLimit(names, 4, async (username) => {
    await createUser(base, adminCookie, username);
    if (!signInToo) return { username, cookie: null, token: null };
    const cookie = await signIn(base, username);
    return { username, cookie, token: tokens ? await createToken(base, cookie) : null };
  });
}

export async function getJson(base, path, headers) {
  const res = await fetch(`${base}${path}`, { headers });
  await expect(res, 200, `GET ${path}`);
  return res.json();
}
