import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_CACHE_TTL_MS, SettingsService } from '../../src/features/settings/service.js';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';

let t: TestApp;
let admin: TestClient;

const DEFAULTS = { profilesLocked: false, gravatar: false, passwordPolicy: { minLength: 8 }, maxTokenLifetimeDays: null, mandatoryTwoFactor: false };
/** The admin answer: the settings plus the count of users without 2FA (test/settings/lockout.test.ts). */
const ANSWER = { ...DEFAULTS, usersWithoutTwoFactor: expect.any(Number) };

beforeAll(async () => {
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
});
afterAll(async () => t.close());

async function reset() {
  await admin.patch('/api/v1/admin/settings', DEFAULTS);
}

describe('GET/PATCH /api/v1/admin/settings', () => {
  it('starts with the defaults', async () => {
    const res = await admin.get('/api/v1/admin/settings');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(ANSWER);
  });

  it('changes only what the PATCH names, stores it and answers the whole new set', async () => {
    const res = await admin.patch('/api/v1/admin/settings', { profilesLocked: true, maxTokenLifetimeDays: 90 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ ...ANSWER, profilesLocked: true, maxTokenLifetimeDays: 90 });
    const again = await admin.patch('/api/v1/admin/settings', { passwordPolicy: { minLength: 12 }, gravatar: true, mandatoryTwoFactor: false });
    expect(again.body).toEqual({ ...ANSWER, profilesLocked: true, maxTokenLifetimeDays: 90, passwordPolicy: { minLength: 12 }, gravatar: true });
    const rows = await t.app.userhub.database.db.selectFrom('settings').selectAll().execute();
    expect(Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]))).toMatchObject({ profilesLocked: true, maxTokenLifetimeDays: 90, passwordPolicy: { minLength: 12 } });
    expect((await admin.patch('/api/v1/admin/settings', { maxTokenLifetimeDays: null })).body.maxTokenLifetimeDays).toBeNull();
    await reset();
  });

  it.each([
    ['a minimum length under 8', { passwordPolicy: { minLength: 7 } }],
    ['a minimum length over 128', { passwordPolicy: { minLength: 129 } }],
    ['a fractional minimum length', { passwordPolicy: { minLength: 9.5 } }],
    ['a token lifetime of 0 days', { maxTokenLifetimeDays: 0 }],
    ['a token lifetime of 20 years', { maxTokenLifetimeDays: 7300 }],
    ['a string for a boolean', { profilesLocked: 'true' }],
    ['null for a boolean', { mandatoryTwoFactor: null }],
    ['an unknown setting', { superPowers: true }],
    ['an unknown password policy field', { passwordPolicy: { minLength: 10, maxLength: 5 } }],
    ['an empty body', {}],
    ['an array', [{ profilesLocked: true }]],
  ])('given %s, then 400 invalid_request and nothing changes', async (_name, body) => {
    expectProblem(await admin.patch('/api/v1/admin/settings', body), 400, 'invalid_request');
    expect((await admin.get('/api/v1/admin/settings')).body).toEqual(ANSWER);
  });

  it('given malformed JSON or a wrong media type, then 400 / 415', async () => {
    expectProblem(await admin.patch('/api/v1/admin/settings', undefined, { raw: '{"gravatar":', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
    expectProblem(await admin.patch('/api/v1/admin/settings', undefined, { raw: 'gravatar=0', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
  });
});

describe('settings take effect', () => {
  it('gravatar off (a new instance): avatars fall back to generated initials; on: Gravatar; off again: initials', async () => {
    const { client } = await t.signedInUser({ displayName: 'Ada Lovelace' });
    expect((await client.get('/api/v1/profile')).body.avatarUrl).toMatch(/^\/api\/v1\/media\/initials\/\d+\/AL\b/);
    await admin.patch('/api/v1/admin/settings', { gravatar: true });
    expect((await client.get('/api/v1/profile')).body.avatarUrl).toMatch(/^https:\/\/www\.gravatar\.com\/avatar\/[0-9a-f]{64}/);
    await admin.patch('/api/v1/admin/settings', { gravatar: false });
    const url: string = (await client.get('/api/v1/profile')).body.avatarUrl;
    expect(url).toMatch(/^\/api\/v1\/media\/initials\/\d+\/AL\b/);
    const image = await t.app.inject({ method: 'GET', url });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/webp');
    await reset();
  });

  it('the minimum password length applies to password changes', async () => {
    const { user, client } = await t.signedInUser();
    await admin.patch('/api/v1/admin/settings', { passwordPolicy: { minLength: 40 } });
    const res = await client.put('/api/v1/profile/password', { currentPassword: user.password, newPassword: 'a perfectly decent passphrase' });
    expectProblem(res, 422, 'password_too_short');
    expect(res.body.minLength).toBe(40);
    await reset();
    expect((await client.put('/api/v1/profile/password', { currentPassword: user.password, newPassword: 'a perfectly decent passphrase' })).status).toBe(204);
  });

  it('a change made on this node applies at once', async () => {
    const { client } = await t.signedInUser();
    await client.get('/api/v1/profile'); // warm the cache
    await admin.patch('/api/v1/admin/settings', { profilesLocked: true });
    expect((await client.get('/api/v1/profile')).body.editable.displayName).toBe(false);
    await reset();
    expect((await client.get('/api/v1/profile')).body.editable.displayName).toBe(true);
  });

  it('a change made by another node is seen within the cache time (at most 5 s)', async () => {
    expect(SETTINGS_CACHE_TTL_MS).toBeLessThanOrEqual(5_000);
    let now = Date.parse('2030-01-01T00:00:00Z');
    const node = new SettingsService({ db: t.app.userhub.database.db, audit: t.app.userhub.services.audit, clock: { now: () => new Date(now), nowMs: () => now } });
    expect((await node.current()).profilesLocked).toBe(false);
    // "another node" writes the table
    await admin.patch('/api/v1/admin/settings', { profilesLocked: true });
    now += SETTINGS_CACHE_TTL_MS - 1;
    expect((await node.current()).profilesLocked).toBe(false);
    now += 1;
    expect((await node.current()).profilesLocked).toBe(true);
    await reset();
  });

  it('peek answers without an await only what is loaded and fresh, as current() would', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const node = new SettingsService({ db: t.app.userhub.database.db, audit: t.app.userhub.services.audit, clock: { now: () => new Date(now), nowMs: () => now } });
    expect(node.peek()).toBeUndefined();
    const loaded = await node.current();
    expect(node.peek()).toEqual(loaded);
    expect(Object.isFrozen(node.peek())).toBe(true);
    now += SETTINGS_CACHE_TTL_MS;
    expect(node.peek()).toBeUndefined();
    await node.current();
    expect(node.peek()).toEqual(loaded);
    node.invalidate();
    expect(node.peek()).toBeUndefined();
  });

  it('a broken value in the table reads as the default instead of failing', async () => {
    await t.app.userhub.database.db.insertInto('settings').values({ key: 'passwordPolicy', value: '{not json' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: '{not json' })).execute();
    await t.app.userhub.database.db.insertInto('settings').values({ key: 'gravatar', value: '"maybe"' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: '"maybe"' })).execute();
    t.app.userhub.services.settings.invalidate();
    expect((await admin.get('/api/v1/admin/settings')).body).toEqual(ANSWER);
    await reset();
  });
});
