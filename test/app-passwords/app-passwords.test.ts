import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppPasswordService,
  APP_PASSWORD_ENTROPY_BITS,
  MAX_APP_PASSWORDS_PER_USER,
  hashAppPassword,
  normalizeAppPassword,
} from '../../src/features/app-passwords/service.js';
import type { AppService } from '../../src/features/apps/service.js';
import { sha256Hex } from '../../src/lib/secrets.js';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { eventsOf } from '../helpers/activity.js';
import { appAuthenticate, createAppPassword, registerApp } from '../helpers/app-passwords.js';
import { createToken, tokenClient } from '../helpers/tokens.js';

let t: TestApp;
let mail: { id: string; secret: string; name: string };
beforeAll(async () => {
  t = await setupApp();
  mail = await registerApp(t, 'Mail');
});
afterAll(async () => t.close());

const db = () => t.app.userhub.database.db;
const SHAPE = /^[a-km-np-z2-9]{7}(-[a-km-np-z2-9]{7}){3}$/;

describe('app password format', () => {
  it('is four readable groups of 7 from a 32-letter alphabet: at least 128 random bits', () => {
    expect(APP_PASSWORD_ENTROPY_BITS).toBeGreaterThanOrEqual(128);
    expect(APP_PASSWORD_ENTROPY_BITS).toBe(140);
  });

  it('is typed forgivingly: case, dashes and spaces do not matter', () => {
    expect(normalizeAppPassword('AbCdEfG-hijkmnp qrstuvw\twxyz234')).toBe('abcdefghijkmnpqrstuvwwxyz234');
    expect(hashAppPassword('abcdefg-hijkmnp')).toBe(hashAppPassword('ABCDEFG HIJKMNP'));
    expect(hashAppPassword('abcdefg-hijkmnp')).toBe(sha256Hex('abcdefghijkmnp'));
  });
});

describe('POST /api/v1/app-passwords', () => {
  it('given a name and an app, then 201 with the password shown once, stored only hashed', async () => {
    const { user, client } = await t.signedInUser();
    const res = await client.post('/api/v1/app-passwords', { name: 'Thunderbird', appId: mail.id });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      name: 'Thunderbird',
      appId: mail.id,
      appName: 'Mail',
      createdAt: expect.any(String),
      lastUsedAt: null,
    });
    expect(res.body.password).toMatch(SHAPE);

    const row = await db().selectFrom('app_passwords').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toBe(hashAppPassword(res.body.password));
    expect(JSON.stringify(row)).not.toContain(res.body.password);
    expect(JSON.stringify(row)).not.toContain(normalizeAppPassword(res.body.password));

    const list = await client.get('/api/v1/app-passwords');
    expect(JSON.stringify(list.body)).not.toContain(res.body.password);
    expect(JSON.stringify(list.body)).not.toContain(row.password_hash);

    const [event] = await eventsOf(t, user.id, 'app_password_created');
    expect(JSON.parse(event!.details)).toEqual({ appPasswordId: res.body.id, name: 'Thunderbird', appId: mail.id, appName: 'Mail' });
  });

  it('never makes the same password twice', async () => {
    const { client } = await t.signedInUser();
    const made = await Promise.all(Array.from({ length: 20 }, (_, i) => createAppPassword(client, mail.id, `device ${i}`)));
    expect(new Set(made.map((m) => m.password)).size).toBe(20);
  });

  it('given an unknown appId, then 400 unknown_app and nothing is created', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.post('/api/v1/app-passwords', { name: 'x', appId: 'no-such-app' }), 400, 'unknown_app');
    expect((await client.get('/api/v1/app-passwords')).body.items).toHaveLength(0);
  });

  it('given an app deleted between the lookup and the insert, then 400 unknown_app, not a 500', async () => {
    const { user } = await t.signedInUser();
    const services = t.app.userhub.services;
    const ghostApps = { findById: async (id: string) => ({ ...(await services.apps.get(mail.id)), id }) } as unknown as AppService;
    const racing = new AppPasswordService({ db: db(), clock: t.clock, users: services.users, activity: services.activity, apps: ghostApps, auth: services.auth, throttle: services.throttle, mail: services.mail });
    await expect(racing.create(user.id, { name: 'x', appId: 'deleted-meanwhile' }, { ip: '127.0.0.1', userAgent: '' })).rejects.toMatchObject({
      status: 400,
      code: 'unknown_app',
    });
    expect(await eventsOf(t, user.id, 'app_password_created')).toHaveLength(0);
  });

  it.each([
    ['no appId', { name: 'x' }],
    ['no name', { appId: 'x' }],
    ['an appId of the wrong type', { name: 'x', appId: 42 }],
    ['a 65-character appId', { name: 'x', appId: 'a'.repeat(65) }],
    ['a 401-character name', { name: 'n'.repeat(401), appId: 'x' }],
    ['a string body', 'name=x'],
    ['a NUL in the appId', { name: 'x', appId: 'a\u0000b' }],
  ])('given %s, then 400 invalid_request', async (_name, body) => {
    const { client } = await t.signedInUser();
    expectProblem(await client.post('/api/v1/app-passwords', body), 400, 'invalid_request');
  });

  it.each([
    ['only spaces', '   '],
    ['a newline', 'phone\nlaptop'],
  ])('given a name of %s, then 400 invalid_app_password_name', async (_name, name) => {
    const { client } = await t.signedInUser();
    expectProblem(await client.post('/api/v1/app-passwords', { name, appId: mail.id }), 400, 'invalid_app_password_name');
  });

  it('given a session that signed in long ago, then 403 reauthentication_required unless the password comes along', async () => {
    const { user, client } = await t.signedInUser();
    t.clock.advance(16 * 60_000);
    try {
      expectProblem(await client.post('/api/v1/app-passwords', { name: 'x', appId: mail.id }), 403, 'reauthentication_required');
      const res = await client.post('/api/v1/app-passwords', { name: 'x', appId: mail.id, password: user.password });
      expect(res.status).toBe(201);
    } finally {
      t.clock.advance(-16 * 60_000);
    }
  });

  it('given an API token, then 403 interactive_session_required', async () => {
    const { client } = await t.signedInUser();
    const { token } = await createToken(client, 'readwrite');
    expectProblem(await tokenClient(t, token).post('/api/v1/app-passwords', { name: 'x', appId: mail.id }), 403, 'interactive_session_required');
  });

  it(`given ${MAX_APP_PASSWORDS_PER_USER} app passwords already, then 422 too_many_app_passwords`, async () => {
    const { user, client } = await t.signedInUser();
    const now = t.clock.now().toISOString();
    await db()
      .insertInto('app_passwords')
      .values(
        Array.from({ length: MAX_APP_PASSWORDS_PER_USER }, (_, i) => ({
          id: `bulk-${user.id}-${i}`,
          user_id: user.id,
          app_id: mail.id,
          name: `p${i}`,
          password_hash: sha256Hex(`${user.id}-${i}`),
          created_at: now,
          last_used_at: null,
          last_used_ip: null,
        })),
      )
      .execute();
    expectProblem(await client.post('/api/v1/app-passwords', { name: 'one more', appId: mail.id }), 422, 'too_many_app_passwords');
  });

  it('without a session, then 401', async () => {
    expectProblem(await t.anonymous().post('/api/v1/app-passwords', { name: 'x', appId: mail.id }), 401, 'unauthenticated');
  });
});

describe('GET /api/v1/app-passwords', () => {
  it('lists only mine, newest first, with app name, createdAt and lastUsedAt', async () => {
    const wiki = await registerApp(t, 'Wiki');
    const { user, client } = await t.signedInUser();
    const { client: other } = await t.signedInUser();
    await createAppPassword(other, mail.id, 'not mine');
    const phone = await createAppPassword(client, mail.id, 'phone');
    t.clock.advance(1000);
    await createAppPassword(client, wiki.id, 'desktop');
    expect((await appAuthenticate(t, mail.id, mail.secret, user.username, phone.password)).status).toBe(200);

    const res = await client.get('/api/v1/app-passwords');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ name: 'desktop', appId: wiki.id, appName: 'Wiki', lastUsedAt: null }),
      expect.objectContaining({ name: 'phone', appId: mail.id, appName: 'Mail', lastUsedAt: expect.any(String), lastUsedIp: '127.0.0.1' }),
    ]);
    for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual(['appId', 'appName', 'createdAt', 'id', 'lastUsedAt', 'lastUsedIp', 'name']);

    const page = await client.get('/api/v1/app-passwords?limit=1');
    expect(page.body.items).toHaveLength(1);
    const next = await client.get(`/api/v1/app-passwords?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body.items[0].name).toBe('phone');
    expect(next.body.nextCursor).toBeNull();
  });
});

describe('DELETE /api/v1/app-passwords/{id}', () => {
  it('revokes it: 204, the app refuses it from the next request on, the timeline says so', async () => {
    const { user, client } = await t.signedInUser();
    const { id, password } = await createAppPassword(client, mail.id);
    expect((await appAuthenticate(t, mail.id, mail.secret, user.username, password)).status).toBe(200);
    expect((await client.delete(`/api/v1/app-passwords/${id}`)).status).toBe(204);
    expectProblem(await appAuthenticate(t, mail.id, mail.secret, user.username, password), 401, 'invalid_credentials');
    const [event] = await eventsOf(t, user.id, 'app_password_revoked');
    expect(JSON.parse(event!.details)).toMatchObject({ appPasswordId: id, reason: 'revoked' });
    expectProblem(await client.delete(`/api/v1/app-passwords/${id}`), 404, 'app_password_not_found');
    expectProblem(await client.delete('/api/v1/app-passwords/a%00b'), 400, 'invalid_request');
  });

  it("given someone else's app password, then 404 and it keeps working", async () => {
    const { client: alice } = await t.signedInUser();
    const { user: bob, client: bobClient } = await t.signedInUser();
    const bobs = await createAppPassword(bobClient, mail.id);
    expectProblem(await alice.delete(`/api/v1/app-passwords/${bobs.id}`), 404, 'app_password_not_found');
    expect((await appAuthenticate(t, mail.id, mail.secret, bob.username, bobs.password)).status).toBe(200);
  });

  it('when the user is deleted, then their app passwords go with them', async () => {
    const { user, client } = await t.signedInUser();
    await createAppPassword(client, mail.id);
    await t.app.userhub.services.userDeletion.deleteById(user.id);
    expect(await db().selectFrom('app_passwords').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0);
  });
});
