import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appCommand } from '../../src/features/apps/cli.js';
import { sha256Hex } from '../../src/lib/secrets.js';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { eventsOf } from '../helpers/activity.js';
import { appAuthenticate, createAppPassword, registerApp } from '../helpers/app-passwords.js';
import { createToken, tokenClient } from '../helpers/tokens.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;
const admin = async () => (await t.signedInUser({ role: 'admin' })).client;

describe('POST /api/v1/admin/apps', () => {
  it('registers an app: 201 with the secret shown once, stored only as its SHA-256', async () => {
    const client = await admin();
    const res = await client.post('/api/v1/admin/apps', { name: '  Mail server ', url: 'https://mail.example.com' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      name: 'Mail server',
      url: 'https://mail.example.com',
      secret: expect.stringMatching(/^uha_[0-9A-Za-z]{38}$/),
      createdAt: expect.any(String),
    });
    expect(res.body.secretPrefix).toBe(res.body.secret.slice(0, 8));
    const row = await db().selectFrom('apps').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(sha256Hex(res.body.secret));
    expect(JSON.stringify(row)).not.toContain(res.body.secret);

    const got = await client.get(`/api/v1/admin/apps/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty('secret');
    const list = await client.get('/api/v1/admin/apps');
    expect(JSON.stringify(list.body)).not.toContain(res.body.secret);
    expect(list.body.items.map((a: { id: string }) => a.id)).toContain(res.body.id);
  });

  it('the URL is optional', async () => {
    const res = await (await admin()).post('/api/v1/admin/apps', { name: 'Wiki' });
    expect(res.status).toBe(201);
    expect(res.body.url).toBeNull();
  });

  it.each([
    ['javascript: URL', { name: 'x', url: 'javascript:alert(1)' }, 'invalid_url'],
    ['URL with credentials', { name: 'x', url: 'https://user:pw@example.com' }, 'invalid_url'],
    ['not a URL', { name: 'x', url: 'mail server' }, 'invalid_url'],
    ['a URL with a control character', { name: 'x', url: 'https://example.com/a\u0007b' }, 'invalid_url'],
    ['a name with a control character', { name: 'a\u0007b' }, 'invalid_app_name'],
    ['a blank name', { name: '   ', url: null }, 'invalid_app_name'],
    ['a name with control characters', { name: 'a\u0007b' }, 'invalid_app_name'],
  ])('given %s, then 400 %s', async (_name, body, code) => {
    expectProblem(await (await admin()).post('/api/v1/admin/apps', body), 400, code);
  });

  it.each([
    ['no name', {}],
    ['a number as name', { name: 5 }],
    ['a huge URL', { name: 'x', url: `https://example.com/${'a'.repeat(5000)}` }],
  ])('given %s, then 400 invalid_request', async (_name, body) => {
    expectProblem(await (await admin()).post('/api/v1/admin/apps', body), 400, 'invalid_request');
  });

  it('is for admins only: 403 admin_required for users, 401 without a session', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.post('/api/v1/admin/apps', { name: 'Sneaky' }), 403, 'admin_required');
    expectProblem(await client.get('/api/v1/admin/apps'), 403, 'admin_required');
    expectProblem(await t.anonymous().get('/api/v1/admin/apps'), 401, 'unauthenticated');
  });

  it('an admin readwrite token may register apps, a readonly one may only list them', async () => {
    const client = await admin();
    const rw = tokenClient(t, (await createToken(client, 'readwrite')).token);
    const ro = tokenClient(t, (await createToken(client, 'readonly')).token);
    expect((await rw.post('/api/v1/admin/apps', { name: 'By token' })).status).toBe(201);
    expect((await ro.get('/api/v1/admin/apps')).status).toBe(200);
    expectProblem(await ro.post('/api/v1/admin/apps', { name: 'By readonly token' }), 403, 'token_readonly');
  });
});

describe('GET/PATCH /api/v1/admin/apps/{id}', () => {
  it('renames and changes the URL; unknown ids are 404 app_not_found', async () => {
    const client = await admin();
    const app = await registerApp(t, 'Old name');
    const res = await client.patch(`/api/v1/admin/apps/${app.id}`, { name: 'New name', url: 'http://new.example.com' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: app.id, name: 'New name', url: 'http://new.example.com' });
    expect((await client.patch(`/api/v1/admin/apps/${app.id}`, { url: null })).body.url).toBeNull();
    expectProblem(await client.patch('/api/v1/admin/apps/nope', { name: 'x' }), 404, 'app_not_found');
    expectProblem(await client.get('/api/v1/admin/apps/nope'), 404, 'app_not_found');
    expectProblem(await client.get('/api/v1/admin/apps/a%00b'), 400, 'invalid_request');
  });

  it('lists oldest first, page by page', async () => {
    const client = await admin();
    const first = (await client.get('/api/v1/admin/apps?limit=1')).body;
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await client.get(`/api/v1/admin/apps?limit=1&cursor=${first.nextCursor}`)).body;
    expect(second.items[0].id).not.toBe(first.items[0].id);
  });
});

describe('POST /api/v1/admin/apps/{id}/secret (rotation)', () => {
  it('gives a new secret once; the old one stops working at once, the new one works', async () => {
    const client = await admin();
    const app = await registerApp(t, 'Rotating');
    const { user, client: owner } = await t.signedInUser();
    const { password } = await createAppPassword(owner, app.id);
    expect((await appAuthenticate(t, app.id, app.secret, user.username, password)).status).toBe(200);

    const res = await client.post(`/api/v1/admin/apps/${app.id}/secret`);
    expect(res.status).toBe(200);
    expect(res.body.secret).toMatch(/^uha_/);
    expect(res.body.secret).not.toBe(app.secret);

    expectProblem(await appAuthenticate(t, app.id, app.secret, user.username, password), 401, 'invalid_app_credentials');
    expect((await appAuthenticate(t, app.id, res.body.secret, user.username, password)).status).toBe(200);
    expectProblem(await client.post('/api/v1/admin/apps/nope/secret'), 404, 'app_not_found');
  });
});

describe('DELETE /api/v1/admin/apps/{id}', () => {
  it('deletes the app and its app passwords; owners see it on their timeline; the app is gone for users', async () => {
    const client = await admin();
    const app = await registerApp(t, 'Doomed');
    const keep = await registerApp(t, 'Kept');
    const { user, client: owner } = await t.signedInUser();
    const doomed = await createAppPassword(owner, app.id, 'phone');
    await createAppPassword(owner, keep.id, 'laptop');

    expect((await client.delete(`/api/v1/admin/apps/${app.id}`)).status).toBe(204);
    const remaining = (await owner.get('/api/v1/app-passwords')).body.items;
    expect(remaining.map((p: { name: string }) => p.name)).toEqual(['laptop']);
    const rows = await db().selectFrom('app_passwords').select('id').where('app_id', '=', app.id).execute();
    expect(rows).toHaveLength(0);

    const events = await eventsOf(t, user.id, 'app_password_revoked');
    expect(events.map((e) => JSON.parse(e.details))).toEqual([
      expect.objectContaining({ appPasswordId: doomed.id, reason: 'app_deleted', appName: 'Doomed' }),
    ]);
    expectProblem(await appAuthenticate(t, app.id, app.secret, user.username, doomed.password), 401, 'invalid_app_credentials');
    const listed = (await owner.get('/api/v1/apps?limit=100')).body.items.map((a: { id: string }) => a.id);
    expect(listed).not.toContain(app.id);
    expect(listed).toContain(keep.id);
    expectProblem(await client.delete(`/api/v1/admin/apps/${app.id}`), 404, 'app_not_found');
  });
});

describe('GET /api/v1/apps (for users)', () => {
  it('shows id, name and URL only, never secret material', async () => {
    const app = await registerApp(t, 'Visible');
    const { client } = await t.signedInUser();
    const res = await client.get('/api/v1/apps?limit=100');
    expect(res.status).toBe(200);
    const item = res.body.items.find((a: { id: string }) => a.id === app.id);
    expect(Object.keys(item).sort()).toEqual(['id', 'name', 'url']);
    expectProblem(await t.anonymous().get('/api/v1/apps'), 401, 'unauthenticated');
  });
});

describe('userhub app … (CLI)', () => {
  const run = async (...args: string[]) => {
    const lines: string[] = [];
    await appCommand(t.app.userhub.services.apps, args, (line) => lines.push(line));
    return lines;
  };

  it('app create NAME prints the id and the secret once; the secret works', async () => {
    const lines = await run('create', 'Nextcloud', '--url', 'https://cloud.example.com');
    const id = lines.find((l) => l.startsWith('id: '))!.slice(4);
    const secret = lines.find((l) => l.startsWith('secret: '))!.slice(8);
    expect(secret).toMatch(/^uha_[0-9A-Za-z]{38}$/);
    const app = await t.app.userhub.services.apps.get(id);
    expect(app).toMatchObject({ name: 'Nextcloud', url: 'https://cloud.example.com', secret_hash: sha256Hex(secret) });

    const { user, client } = await t.signedInUser();
    const { password } = await createAppPassword(client, id);
    expect((await appAuthenticate(t, id, secret, user.username, password)).status).toBe(200);

    expect((await run('list')).some((l) => l.startsWith(`${id}\tNextcloud\t`))).toBe(true);
    const rotated = await run('rotate-secret', id);
    expect(rotated[0]).toMatch(/new secret for "Nextcloud" .*: uha_/);
    expect(await run('delete', id)).toEqual([`deleted app "Nextcloud" (${id})`]);
    await expect(t.app.userhub.services.apps.get(id)).rejects.toMatchObject({ code: 'app_not_found' });
  });

  it('a name of several words is joined; mistakes are usage errors', async () => {
    const lines = await run('create', 'Mail', 'Server');
    expect(lines[0]).toBe('created app "Mail Server"');
    await expect(run('create')).rejects.toThrow('app create needs a NAME');
    await expect(run('create', '--url', 'https://x.example')).rejects.toThrow('app create needs a NAME');
    await expect(run('create', 'Bad', '--url', 'ftp://x')).rejects.toMatchObject({ code: 'invalid_url' });
    await expect(run('explode')).rejects.toThrow('unknown app command: explode');
    await expect(run('delete')).rejects.toThrow('app delete needs an app id');
  });
});
