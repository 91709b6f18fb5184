import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { createAppPassword, registerApp } from '../helpers/app-passwords.js';
import type { TestClient } from '../helpers/client.js';
import * as images from '../helpers/images.js';
import { issueToken, tokenClient } from '../helpers/tokens.js';
import { enableTotp } from '../helpers/twofactor.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const FILES = ['profile.json', 'sessions.json', 'events.json', 'tokens.json', 'app-passwords.json', 'passkeys.json', 'memberships.json', 'connected-apps.json'];

/** GET /profile/export with the client's session; the raw bytes. */
async function exportOf(client: TestClient) {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/profile/export', headers: { cookie: `userhub_session=${client.cookie}` } });
  return { status: res.statusCode, headers: res.headers, data: res.rawPayload, json: () => JSON.parse(res.body) };
}

/** The entries of a zip: name → bytes. */
function unzip(data: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (error, stream) => {
          if (error || !stream) return reject(error);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('GET /profile/export', () => {
  it('a zip of everything the user can see about themselves, and no secret, hash or other user in it', async () => {
    const { user, client } = await t.signedInUser({ displayName: 'Ada Export' });
    const other = await t.signedInUser({ displayName: 'Bob Other' });
    const token = await issueToken(t, user.id);
    const app = await registerApp(t, `Mail ${user.username}`);
    const appPassword = await createAppPassword(client, app.id, 'laptop');
    await createAppPassword(other.client, app.id, 'bobs phone');
    const totp = await enableTotp(t, client);
    expect((await images.uploadImage(client, 'avatar', images.imageUpload(await images.png()))).status).toBe(200);

    const res = await exportOf(client);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="userhub-${user.username}-\\d{4}-\\d{2}-\\d{2}\\.zip"$`));
    expect(res.headers['cache-control']).toBe('no-store');
    const entries = await unzip(res.data);
    const prefix = `userhub-${user.username}/`;
    expect([...entries.keys()].sort()).toEqual([...FILES, 'avatar.webp'].map((f) => prefix + f).sort());
    const file = (name: string) => JSON.parse(entries.get(prefix + name)!.toString('utf8'));

    expect(file('profile.json')).toMatchObject({ id: user.id, username: user.username, displayName: 'Ada Export', email: user.email });
    expect(file('sessions.json')).toEqual(expect.arrayContaining([expect.objectContaining({ current: true })]));
    expect(file('events.json').map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['twofactor_enabled', 'app_password_created']));
    expect(file('tokens.json')).toEqual([expect.objectContaining({ name: 'test token', scope: 'readwrite' })]);
    expect(file('app-passwords.json')).toEqual([expect.objectContaining({ name: 'laptop', appName: app.name })]);
    expect(file('passkeys.json')).toEqual([]);
    expect(file('memberships.json')).toEqual([]);
    expect(file('connected-apps.json')).toEqual([]);
    await expect((await import('sharp')).default(entries.get(`${prefix}avatar.webp`)!).metadata()).resolves.toMatchObject({ format: 'webp' });

    const everything = [...entries.entries()].filter(([name]) => name.endsWith('.json')).map(([, data]) => data.toString('utf8')).join('\n');
    for (const secret of [token, appPassword.password, totp.secret, ...totp.recoveryCodes, client.cookie!, user.password]) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/\$argon2/);
    expect(everything).not.toMatch(/token_hash|password_hash|secret/i);
    for (const foreign of [other.user.id, other.user.username, other.user.email, 'bobs phone', 'Bob Other']) expect(everything).not.toContain(foreign);
  });

  it('needs a recent sign-in: 403 reauthentication_required after the window, then 200 once re-authenticated', async () => {
    const { user, client } = await t.signedInUser();
    t.clock.advance(16 * 60_000);
    const stale = await exportOf(client);
    expect(stale.status).toBe(403);
    expect(stale.json().code).toBe('reauthentication_required');
    expect((await client.post('/api/v1/auth/reauthenticate', { password: user.password })).status).toBe(204);
    expect((await exportOf(client)).status).toBe(200);
  });

  it('refuses without a session (401) and with an API token (403: interactive only)', async () => {
    const { user } = await t.signedInUser();
    expect((await t.anonymous().get('/api/v1/profile/export')).status).toBe(401);
    expectProblem(await tokenClient(t, await issueToken(t, user.id)).get('/api/v1/profile/export'), 403, 'interactive_session_required');
  });
});
