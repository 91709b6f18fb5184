import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

describe('the timeline: runs of preference changes are one entry', () => {
  it('three changes within a minute are one "profile updated" with every field; a minute later is a new entry', async () => {
    const { client } = await t.signedInUser();
    expect((await client.patch('/api/v1/profile', { language: 'de' })).status).toBe(200);
    t.clock.advance(20_000);
    expect((await client.patch('/api/v1/profile', { timezone: 'Europe/Berlin' })).status).toBe(200);
    t.clock.advance(20_000);
    expect((await client.patch('/api/v1/profile', { language: 'en', newsletter: true })).status).toBe(200);
    let events = (await client.get('/api/v1/profile/events')).body.items;
    expect(events.filter((e: { type: string }) => e.type === 'profile_updated')).toMatchObject([
      { details: { fields: ['language', 'timezone', 'newsletter'], changes: 3 }, actor: { kind: 'self' } },
    ]);

    t.clock.advance(61_000);
    expect((await client.patch('/api/v1/profile', { dateFormat: 'DD.MM.YYYY' })).status).toBe(200);
    events = (await client.get('/api/v1/profile/events')).body.items;
    expect(events.filter((e: { type: string }) => e.type === 'profile_updated').map((e: { details: { fields: string[] } }) => e.details.fields)).toEqual([
      ['dateFormat'],
      ['language', 'timezone', 'newsletter'],
    ]);
  });

  it('another event in between, or an admin’s change, starts a new entry', async () => {
    const { user, client } = await t.signedInUser();
    const admin = (await t.signedInUser({ role: 'admin' })).client;
    expect((await client.patch('/api/v1/profile', { newsletter: true })).status).toBe(200);
    expect((await admin.patch(`/api/v1/admin/users/${user.id}`, { displayName: 'By Admin' })).status).toBe(200);
    expect((await client.patch('/api/v1/profile', { newsletter: false })).status).toBe(200);
    const updates = (await client.get('/api/v1/profile/events')).body.items.filter((e: { type: string }) => e.type === 'profile_updated');
    expect(updates.map((e: { actor: { kind: string } }) => e.actor.kind)).toEqual(['self', 'admin', 'self']);
  });
});

describe('GET /api/v1/profile/events?kind=', () => {
  it('filters by kind', async () => {
    const { user, client } = await t.signedInUser();
    await t.login(user);
    expect((await client.post('/api/v1/tokens', { name: 'ci', scope: 'readonly' })).status).toBe(201);
    expect((await client.patch('/api/v1/profile', { newsletter: true })).status).toBe(200);
    const types = async (kind: string) => (await client.get(`/api/v1/profile/events?kind=${kind}`)).body.items.map((e: { type: string }) => e.type);
    expect(await types('sign_ins')).toEqual(['sign_in_succeeded', 'sign_in_succeeded']);
    expect(await types('credentials')).toEqual(['token_created']);
    expect(await types('profile')).toEqual(['profile_updated', 'account_created']);
    expect(await types('apps')).toEqual([]);
    expectProblem(await client.get('/api/v1/profile/events?kind=everything'), 400, 'invalid_request');
  });
});
